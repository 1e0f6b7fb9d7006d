"""The production image holds what runs the site: the build context leaves out development files."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dockerignore_patterns():
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("folder", ["tests", "docs", ".ci"])
def test_development_folders_stay_out_of_the_image(folder):
    patterns = dockerignore_patterns()
    assert folder in patterns
    # A later "!" line would bring the folder, or part of it, back into the build context.
    assert not [p for p in patterns if p.startswith("!") and p[1:].split("/")[0] == folder]
