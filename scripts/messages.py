#!/usr/bin/env python
"""The Dutch catalogue: English message ids in the code, Dutch in locale/nl.

scripts/messages.py update [PAIRS.tsv ...]   regenerate the catalogue (makemessages), set the
                                             Dutch text for each "English<TAB>Nederlands" line,
                                             compile the .mo. Safe to run by several people at once.
scripts/messages.py check                    fail when makemessages would change the catalogue,
                                             when an entry lacks Dutch or is fuzzy, or when the
                                             compiled .mo is out of date.
"""

import fcntl
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
LOCK = ROOT / "locale" / ".lock"
MAKEMESSAGES = [
    sys.executable,
    "manage.py",
    "makemessages",
    "--locale",
    "nl",
    "--no-location",
    "--no-obsolete",
    "--ignore",
    ".venv/*",
    "--ignore",
    "node_modules/*",
    "--ignore",
    "var/*",
    "--ignore",
    "tests/*",
    "--ignore",
    "*/tests/*",
    "--ignore",
    "scripts/*",
]


@contextmanager
def locked():
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def makemessages():
    env = {**os.environ, "DEBUG": "true"}
    subprocess.run(MAKEMESSAGES, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def entries(po):
    return {
        (e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in po
        if not e.obsolete
    }


def update(pair_files):
    with locked():
        makemessages()
        po = polib.pofile(str(PO), wrapwidth=0)
        pairs = {}
        for name in pair_files:
            for line in Path(name).read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    english, dutch = line.split("\t", 1)
                    pairs[english] = dutch
        for entry in po:
            if entry.msgid in pairs:
                if entry.msgid_plural:
                    forms = pairs[entry.msgid].split("||")
                    entry.msgstr_plural = {i: text for i, text in enumerate(forms)}
                else:
                    entry.msgstr = pairs[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        po.metadata["Language"] = "nl"
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save(str(PO))
        po.save_as_mofile(str(MO))
        missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    if missing:
        print(f"{len(missing)} message(s) still without Dutch:")
        for msgid in missing:
            print(f"  {msgid!r}")
    return 0


def check():
    with locked():
        before = PO.read_bytes()
        try:
            makemessages()
            regenerated = polib.pofile(PO.read_text(encoding="utf-8"))
        finally:
            PO.write_bytes(before)
    committed = polib.pofile(before.decode("utf-8"))
    problems = []
    added = set(entries(regenerated)) - set(entries(committed))
    removed = set(entries(committed)) - set(entries(regenerated))
    problems += [f"not in the catalogue yet: {key[1]!r}" for key in sorted(added, key=str)]
    problems += [f"no longer used: {key[1]!r}" for key in sorted(removed, key=str)]
    for entry in committed:
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags):
            problems.append(f"no Dutch for {entry.msgid!r}")
    compiled = polib.mofile(str(MO)) if MO.exists() else []
    po_translated = {
        (e.msgctxt, e.msgid): e.msgstr or dict(e.msgstr_plural) for e in committed.translated_entries()
    }
    mo_entries = {(e.msgctxt, e.msgid): e.msgstr or dict(e.msgstr_plural) for e in compiled if e.msgid}
    if po_translated != {k: v for k, v in mo_entries.items() if k in po_translated} or set(
        po_translated
    ) - set(mo_entries):
        problems.append("locale/nl/LC_MESSAGES/django.mo is out of date: run scripts/messages.py update")
    if problems:
        print("The Dutch catalogue is not up to date (run `make messages` and fill in the Dutch):")
        print("\n".join(f"  - {p}" for p in problems))
        return 1
    print(f"Dutch catalogue up to date: {len(committed.translated_entries())} messages.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "update":
        sys.exit(update(sys.argv[2:]))
    if len(sys.argv) == 2 and sys.argv[1] == "check":
        sys.exit(check())
    print(__doc__)
    sys.exit(2)
