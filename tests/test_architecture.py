"""The app graph is checked, not only drawn: import-linter's contracts in pyproject.toml.

`make lint` (and so CI) runs `lint-imports`. These tests run it on the project as it is, and on a
copy of the project's packages with one import added against the graph, which must break the
contract that names the rule.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["kenniscentrum", "members", "knowledgebase", "events", "training"]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(project):
    return subprocess.run(
        [LINT_IMPORTS, "--no-logo", "--no-cache", str(project / "pyproject.toml")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def all_but_python_sources(folder, names):
    """What copytree leaves out: everything except folders holding code and .py files."""
    return [
        name
        for name in names
        if name == "__pycache__" or not (Path(folder, name).is_dir() or name.endswith(".py"))
    ]


@pytest.fixture
def project_copy(tmp_path):
    """The project's Python packages and contracts, to be broken without touching the real ones."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=all_but_python_sources,
        )
    return tmp_path


def add_import(project, module, line):
    with open(project / module, "a") as source:
        source.write(f"\n{line}\n")


def test_the_project_keeps_its_app_graph():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("training/models.py", "import events.models"),
        ("events/models.py", "import members.models"),
        ("knowledgebase/views.py", "from kenniscentrum.lib import mail"),
        ("members/views.py", "import kenniscentrum.lib.signing"),
        ("members/models.py", "import kenniscentrum.lib"),
    ],
)
def test_imports_along_the_graph_are_allowed(project_copy, module, line):
    add_import(project_copy, module, line)
    result = lint_imports(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("members/models.py", "import events.models", "members imports no other app"),
        ("members/access.py", "import training.models", "members imports no other app"),
        (
            "knowledgebase/models.py",
            "import events.models",
            "knowledgebase imports no app but members",
        ),
        ("events/views.py", "import knowledgebase.models", "events imports no app but members"),
        ("events/models.py", "import training.models", "events imports no app but members"),
        (
            "training/views.py",
            "import knowledgebase.models",
            "training imports no app but events and members",
        ),
        ("kenniscentrum/lib/mail.py", "import members.models", "kenniscentrum.lib imports no app"),
        (
            "kenniscentrum/newsletter/views.py",
            "import kenniscentrum.models",
            "newsletter imports only events, members and kenniscentrum.lib",
        ),
        (
            "members/views.py",
            "from kenniscentrum import views",
            "apps import nothing of kenniscentrum but kenniscentrum.lib",
        ),
        (
            "training/models.py",
            "import kenniscentrum.models",
            "apps import nothing of kenniscentrum but kenniscentrum.lib",
        ),
    ],
)
def test_an_import_against_the_graph_breaks_its_contract(project_copy, module, line, contract):
    add_import(project_copy, module, line)
    result = lint_imports(project_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
