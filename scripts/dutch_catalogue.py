"""Dutch is the source language of the UI strings: its catalogue translates each string to itself.

Run after makemessages (`make messages` does), so that the Dutch catalogue is always complete.
"""

from pathlib import Path

import polib

DUTCH = Path(__file__).resolve().parent.parent / "locale/nl/LC_MESSAGES/django.po"

catalogue = polib.pofile(str(DUTCH))
for entry in catalogue:
    if entry.obsolete:
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
catalogue.save()
