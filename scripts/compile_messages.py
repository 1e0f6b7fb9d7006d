"""Compile the .po catalogues to .mo without needing GNU gettext on the machine.

Like msgfmt, fuzzy and untranslated entries are left out, so they fall back to the source text.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles"}

for po_path in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
    if SKIP.intersection(po_path.relative_to(ROOT).parts):
        continue
    polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
