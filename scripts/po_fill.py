"""Fill Indonesian translations into an app's catalogue: po_fill.py <app> <json file>.

The JSON maps English msgids to Indonesian strings; fuzzy flags on those entries are
dropped. Then run `make messages`-style compilemessages. A helper for translators.
"""

import json
import sys

import polib


def main(app, mapping_file):
    path = f"{app}/locale/id/LC_MESSAGES/django.po"
    po = polib.pofile(path)
    with open(mapping_file, encoding="utf-8") as handle:
        mapping = json.load(handle)
    filled = 0
    for entry in po:
        if entry.msgid in mapping:
            value = mapping[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            filled += 1
    po.save(path)
    left = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    print(f"{path}: filled {filled}, still missing {len(left)}")
    for msgid in left:
        print("  missing:", msgid)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
