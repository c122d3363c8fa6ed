"""Fill a .po catalog from a {msgid: msgstr} dict (a translator's batch), clearing fuzzy flags.

    python scripts/fill_catalog.py locale/kk/LC_MESSAGES/django.po translations.py KK
With `--english`, every entry's msgstr becomes its msgid (the source language is English).
"""

import runpy
import sys

import polib


def main(argv):
    path = argv[1]
    catalog = polib.pofile(path)
    table = None if argv[2] == "--english" else runpy.run_path(argv[2])[argv[3]]
    missing = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if table is None:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
        elif entry.msgid in table:
            entry.msgstr = table[entry.msgid]
        elif not entry.msgstr:
            missing.append(entry.msgid)
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    # The header is reviewed too: name the language and drop the template's fuzzy mark.
    catalog.metadata["Language"] = path.split("/LC_MESSAGES")[0].rsplit("/", 1)[-1]
    catalog.metadata_is_fuzzy = False
    catalog.save(path)
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
