"""Checkouts of weekgen taking turns on the same corpus shape: a cold build, then two builds
after one edit each, all with `--no-search`, round after round.

    python benchmarks/alternate.py --sizes 5000,20000 --rounds 3 DIR [DIR ...]

Each DIR is a checkout (`git worktree add DIR <commit>`), run with its `src` first on
PYTHONPATH, on a corpus of its own in /dev/shm. The first edit after a cold build and the second
are told apart: a writer that stages against the site before the last one (output.py) has none
after a cold build. Prints each build's wall and CPU seconds, then the medians.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench

COLUMNS = ("cold", "first edit", "second edit")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("checkouts", type=Path, nargs="+")
    ap.add_argument("--sizes", default="5000,20000")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    for checkout in args.checkouts:
        compileall.compile_dir(checkout / "src" / "weekgen", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="weekgen-alternate-", dir="/dev/shm"))
    cmd = bench.weekgen_cmd(search=False)
    results: dict[tuple[int, str], list[tuple[float, ...]]] = {}
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            for i in range(args.rounds):
                for checkout in args.checkouts:
                    root = work / f"{checkout.name}-{size}"
                    if i == 0:
                        bench.write_corpus(root, size, "years")
                    for old in (root / "public", root / ".weekgen-cache", *root.glob(".public.*")):
                        shutil.rmtree(old, ignore_errors=True)
                    env = {**os.environ, "PYTHONPATH": str(checkout.resolve() / "src")}
                    time.sleep(2.5)  # the corpus older than the untrusted two seconds
                    row: tuple[float, ...] = ()
                    for n in (None, i, 50 + i):  # the cold build, then two edits
                        if n is not None:
                            bench.edit_one(root, "weekgen", n)
                        seconds, _, cpu = bench.run(cmd, root, env)
                        row += (seconds, cpu)
                    results.setdefault((size, checkout.name), []).append(row)
                    print(size, checkout.name, i + 1, " ".join(f"{v:.2f}" for v in row),
                          file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| activities | checkout | " + " | ".join(f"{c} (wall, CPU)" for c in COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for (size, name), rows in results.items():
        med = [statistics.median(column) for column in zip(*rows, strict=True)]
        print(f"| {size:,} | {name} | " + " | ".join(
            f"{med[k]:.2f} s, {med[k + 1]:.2f} s" for k in range(0, len(med), 2)) + " |")


if __name__ == "__main__":
    main()
