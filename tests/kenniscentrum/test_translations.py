"""Every UI string exists in French: the catalogue is complete and up to date with the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
FRENCH = ROOT / "locale/fr/LC_MESSAGES/django.po"


def untranslated(po):
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_french_catalogue_has_no_missing_or_fuzzy_string():
    assert untranslated(polib.pofile(str(FRENCH))) == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_string_in_the_code_is_in_the_french_catalogue(tmp_path):
    # Extract the strings again into a copy of the tree's catalogue and compare.
    work = tmp_path / "fr.po"
    shutil.copy(FRENCH, work)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=staticfiles",
            "--ignore=tests",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**__import__("os").environ, "DEBUG": "1"},
    )
    try:
        fresh = polib.pofile(str(FRENCH))
        missing = untranslated(fresh)
    finally:
        shutil.copy(work, FRENCH)  # leave the working tree as it was
    assert missing == [], "Run `make messages` and translate these strings in locale/fr"
