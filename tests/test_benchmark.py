"""The benchmark runs (a smoke test: it is never timed here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_benchmark_runs_and_prints_its_table(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "40", "--runs", "1", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("|")]
    assert rows[0].split("|")[1].strip() == "activities"
    builds = {row.split("|")[2].strip() for row in rows[2:]}
    assert builds == {"cold", "nothing changed", "one activity edited", "edited, in process",
                      "peak memory (cold)", "cold, CPU", "nothing changed, CPU",
                      "one activity edited, CPU"}
    assert [c.strip() for c in rows[0].split("|")[3:5]] == ["weekgen", "weekgen --no-search"]
    assert all("s (" in row or "MB" in row for row in rows[2:])
    # old outputs were moved aside during the run (never deleted mid-run) and are gone after it
    assert not (tmp_path / "trash").exists()
    assert (tmp_path / "weekgen-40" / "public" / "index.html").is_file()
