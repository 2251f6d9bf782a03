"""One small fictional site built on a fixed day, compared file by file with `tests/golden/`.

After an intended change of the output: `python tests/test_golden.py --refresh`, then read the
diff of tests/golden/ before committing it. The theme's own static files are left out (their
hashed names in the pages still tie the pages to them).
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = "2030-11-20"  # the Wednesday of the Week: today's day, the look-back not yet
EPOCH = "1921032000"  # 2030-11-16, for what a build stamps (calendars)
SITE = {
    "content/site.yaml": "title: Gouden Week\nbase_url: https://gouden-week.example/\n"
                         "hashtag: goudenweek\ndescription: Een verzonnen week om te testen.\n",
    "content/2030/week.yaml": "theme: Alles blinkt\nhashtags: [goudenweek2030]\n",
    "content/2030/index.md": "---\ntitle: De Gouden Week 2030\n---\nEen week vol *verzonnen* "
                             "activiteiten.\n",
    "content/2030/meedoen.md": "---\ntitle: Doe mee\nsummary: Zo doe je mee.\n---\n"
                               "Meld je aan via [het overzicht](/2030/activiteiten/).\n",
    "content/2030/activities.yaml": """\
- title: Opening op het plein
  date: 2030-11-18
  start_time: "10:00"
  end_time: "11:30"
  region: Testrijk
  organiser: Stichting Voorbeeld
  theme: Samen
  description: De opening van de **Gouden Week**.
- title: Driedaagse werkplaats
  date: 2030-11-19
  end_date: 2030-11-21
  region: landelijk
  organiser: Werkplaats Fictief
  online: true
  description: Drie dagen werken aan een verzonnen plan.
- title: Slotavond
  date: 2030-11-23
  start_time: "19:00"
  region: Testrijk
  organiser: Stichting Voorbeeld
  highlight: true
""",
}


def build_site(into: Path) -> Path:
    """The site written into `into`, built; returns its output folder."""
    from weekgen.cli import main

    for rel, text in SITE.items():
        path = into / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    out = into / "public"
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        code = main(["build", "--source", str(into), "--out", str(out), "--today", TODAY,
                     "--no-search", "--no-cache", "--quiet"])
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    assert code == 0, "the golden site did not build"
    return out


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith("static/")}


def differences(built: dict[str, bytes], golden: dict[str, bytes]) -> list[str]:
    """Readable differences: files added or gone, and a unified diff of each changed file."""
    found = [f"new file: {p}" for p in sorted(set(built) - set(golden))]
    found += [f"file gone: {p}" for p in sorted(set(golden) - set(built))]
    for path in sorted(set(built) & set(golden)):
        if built[path] != golden[path]:
            diff = difflib.unified_diff(
                golden[path].decode("utf-8", "replace").splitlines(),
                built[path].decode("utf-8", "replace").splitlines(),
                f"golden/{path}", f"built/{path}", lineterm="", n=1)
            found.append("\n".join(list(diff)[:40]))
    return found


def test_the_golden_site_is_built_as_it_was(tmp_path: Path) -> None:
    found = differences(tree(build_site(tmp_path)), tree(GOLDEN))
    assert not found, ("the output changed; if that was meant, refresh with "
                       "`python tests/test_golden.py --refresh`:\n" + "\n".join(found[:6]))


def refresh() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = build_site(Path(scratch))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, data in tree(out).items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    print(f"wrote {GOLDEN}: read its diff before you commit it")


if __name__ == "__main__":
    if sys.argv[1:] != ["--refresh"]:
        sys.exit("usage: python tests/test_golden.py --refresh")
    refresh()
