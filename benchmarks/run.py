"""weekgen's benchmark: cold, no-op and one-edit builds at 1k, 5k and 20k activities.

    python benchmarks/run.py [--sizes 1000,5000,20000] [--runs 3] [--peers]
                             [--shape years|year] [--work DIR | --ram-disk] [--compare DIR ...]

Every number is the wall time of a whole `weekgen build` process (medians, with min-max over
--runs), except 'edit, in process': a rebuild in a long-running process after one edit, as the
dev server does it. Peak memory is the most the cold build's processes (weekgen's main process
and its workers) held at once: their proportional set sizes (PSS, each shared page counted once
in all) added up, sampled five times a second. weekgen builds twice over, each on its own copy
of the corpus: as a user runs it (the default build, with its site search) and with
`--no-search`. With --peers, Hugo (Debian's `hugo`) and Pelican (PyPI) build the same corpus in
the same run where they are installed; the ratios are peer time / weekgen time (the default
build). The generators take turns: each run (a cold, a no-op and a one-edit build) of each
generator, then the next run of each, so that a slower spell of the machine falls on all.

The corpus (corpus.py) is either ten editions of N/10 activities (`--shape years`, the default:
a campaign after ten years) or one edition of N activities (`--shape year`), in one
activities.yaml up to 5,000 and in files of 1,000 above (a source file may have 32 MB).
`--ram-disk` puts the corpora and outputs in /dev/shm, where the disk's noise (the kernel's time
to create a file varies 2x from one minute to the next on a virtual disk) does not hide where
the CPU goes. `--compare DIR` (repeatable) builds the same corpora, in the same rounds, with the
weekgen of another checkout too (its `src` first on PYTHONPATH: e.g. `git worktree add DIR
<commit>`), so that before and after are measured under the same load.

A cold build's old output is moved aside, not deleted, and all of it is deleted when the run is
over: on this kind of machine (ext4), creating files right after tens of thousands were deleted
costs the kernel 10-20 s more at 20,000 activities (it checks every recently freed inode before
it reuses one), for every generator alike. That was the benchmark measuring its own clean-up, not
the generator; a cold build on a fresh checkout (as in CI) pays none of it.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import corpus  # noqa: E402

TODAY = "2026-12-01"  # after every Week of the corpus: every look-back exists
YEARS = 10


def run(cmd: list[str], cwd: Path,
        env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak memory (KiB) and CPU seconds (user and system) of a command, the
    process and its children together. On a shared machine the CPU time varies far less than
    the wall time, which waits for the others' work too."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    peak = [0]
    sampler = threading.Thread(target=_sample_memory, args=(proc, peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return seconds, max(peak[0], usage.ru_maxrss), usage.ru_utime + usage.ru_stime


def _sample_memory(proc: subprocess.Popen[bytes], peak: list[int]) -> None:
    """The largest sum of PSS (KiB) of the process and its descendants, until it ends."""
    while proc.returncode is None and os.path.exists(f"/proc/{proc.pid}"):
        total = sum(_pss(pid) for pid in _tree(proc.pid))
        peak[0] = max(peak[0], total)
        time.sleep(0.2)


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="utf-8") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(name))
    found = [root]
    for pid in found:
        found.extend(parents.get(pid, []))
    return found


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass  # ended meanwhile, or a zombie
    return 0


class Trash:
    """Where old outputs and caches go until the run is over (see the module's docstring)."""

    def __init__(self, work: Path) -> None:
        self.folder = work / "trash"
        self.count = 0

    def aside(self, *paths: Path) -> None:
        for path in paths:
            if path.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                self.count += 1
                while (self.folder / str(self.count)).exists():  # a stopped run's leftovers
                    self.count += 1
                path.rename(self.folder / str(self.count))

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


SHAPES = ("years", "year")
ONE_FILE_UP_TO = 5000  # activities in one activities.yaml (~2.2 KB each; at most 32 MB a file)


def weekgen_cmd(search: bool = True) -> list[str]:
    """The default build (with the site search, as a user runs it), or without the search."""
    return [sys.executable, "-m", "weekgen", "build", "--quiet", "--today", TODAY,
            *(() if search else ("--no-search",))]


def write_corpus(root: Path, size: int, shape: str) -> list[corpus.Item]:
    """The weekgen corpus of `size` activities in `shape`; its items, for the peers."""
    if shape == "year":
        items = corpus.generate(1, size)
        corpus.write_weekgen(root, items, per_file=size if size <= ONE_FILE_UP_TO else 1000,
                             one_file=True)
    else:
        items = corpus.generate(YEARS, max(1, size // YEARS))
        corpus.write_weekgen(root, items)
    return items


def edit_one(root: Path, fmt: str, n: int) -> None:
    """Change one activity's description, as an editor would."""
    if fmt == "weekgen":
        year = root / "content" / str(max(int(p.name) for p in (root / "content").iterdir()
                                          if p.is_dir()))
        one = year / "activities.yaml"
        target = one if one.is_file() else sorted((year / "activities").glob("*.yaml"))[0]
    elif fmt == "hugo":
        target = sorted((root / "content" / "activiteiten").glob("*.md"))[0]
    else:
        target = sorted((root / "content").glob("*.md"))[0]
    text = target.read_text(encoding="utf-8")
    marker = "description: |\n" if fmt == "weekgen" else "\n\n"
    indent = "    " if fmt == "weekgen" else ""
    text = text.replace(marker, f"{marker}{indent}Bewerkt voor meting {n}.\n\n", 1)
    target.write_text(text, encoding="utf-8")


class Builder:
    """One generator on one corpus: its command, how to undo a build, its results so far."""

    def __init__(self, name: str, root: Path, cmd: list[str], clean: Callable[[], None],
                 fmt: str, env: dict[str, str] | None = None) -> None:
        self.name, self.root, self.cmd, self.clean, self.fmt = name, root, cmd, clean, fmt
        self.env = env
        self.results: dict[str, list[float]] = {
            "cold": [], "noop": [], "edit": [], "memory": [], "cold cpu": [], "noop cpu": [],
            "edit cpu": []}

    def round(self, i: int) -> None:
        """A cold (clean first), a no-op and a one-edit build."""
        # The corpus was written (or edited) a moment ago. As in daily work, let its files be
        # older than the two seconds in which weekgen does not trust a file's times
        # (uptodate.py), so that the no-op build after the cold one measures what it is meant to.
        time.sleep(2.5)
        self.clean()
        results = self.results
        seconds, peak, cpu = run(self.cmd, self.root, self.env)
        results["cold"].append(seconds)
        results["cold cpu"].append(cpu)
        results["memory"].append(peak / 1024)
        seconds, _, cpu = run(self.cmd, self.root, self.env)
        results["noop"].append(seconds)
        results["noop cpu"].append(cpu)
        edit_one(self.root, self.fmt, i)
        seconds, _, cpu = run(self.cmd, self.root, self.env)
        results["edit"].append(seconds)
        results["edit cpu"].append(cpu)
        print(f"  {self.name}: run {i + 1}: cold {results['cold'][-1]:.2f} s, no-op "
              f"{results['noop'][-1]:.2f} s, edit {results['edit'][-1]:.2f} s, "
              f"{results['memory'][-1]:.0f} MB", file=sys.stderr)


def in_process_edit(root: Path, runs: int) -> list[float]:
    """Seconds from an edit to the rebuilt page in a long-running process (the dev server)."""
    code = f"""
import sys, time, datetime
from pathlib import Path
sys.path[:0] = [{str(HERE)!r}, {str(HERE.parent / "src")!r}]
from weekgen.build import build
from weekgen.engine.session import Session
from weekgen.options import BuildOptions
from weekgen.read.project import open_project
import run as bench
project = open_project(Path({str(root)!r}))
options = BuildOptions(today=datetime.date.fromisoformat({TODAY!r}))
session = Session()
out = project.cache_dir / "bench-preview"
build(project, out, options, session=session)
for i in range({runs}):
    bench.edit_one(project.root, "weekgen", 100 + i)
    start = time.perf_counter()
    build(project, out, options, session=session)
    print(time.perf_counter() - start)
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                          check=True)
    return [float(line) for line in done.stdout.split()]


def fmt(values: list[float], unit: str = "s") -> str:
    if not values:
        return "-"
    med = statistics.median(values)
    if unit == "MB":
        return f"{med:.0f} MB"
    return f"{med:.2f} s ({min(values):.2f}–{max(values):.2f})"


def ratio(peer: list[float], ours: list[float]) -> str:
    if not peer or not ours:
        return ""
    return f"{statistics.median(peer) / statistics.median(ours):.1f}×"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", action="store_true", help="also build with hugo and pelican")
    ap.add_argument("--shape", choices=SHAPES, default="years",
                    help="ten editions of N/10 activities, or one edition of N")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--work", type=Path, default=None,
                       help="where corpora go (default: a temp dir)")
    where.add_argument("--ram-disk", action="store_true",
                       help="corpora and outputs in a temp dir in /dev/shm (removed after)")
    ap.add_argument("--compare", type=Path, action="append", default=[],
                    help="also build with the weekgen of this checkout (before/after); "
                         "repeat it for several")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.ram_disk and not Path("/dev/shm").is_dir():
        ap.error("--ram-disk: there is no /dev/shm here")
    work = args.work or Path(tempfile.mkdtemp(prefix="weekgen-bench-",
                                              dir="/dev/shm" if args.ram_disk else None))
    peers = {}
    if args.peers:
        hugo = shutil.which("hugo")
        pelican = shutil.which("pelican") or (str(Path(sys.executable).parent / "pelican")
                                               if (Path(sys.executable).parent / "pelican").exists()
                                               else None)
        for name, found, how in (("hugo", hugo, "apt-get install hugo"),
                                 ("pelican", pelican, "pip install pelican")):
            if found:
                peers[name] = found
            else:
                print(f"{name} is not installed ({how}); left out", file=sys.stderr)
    compile_weekgen()
    others = []
    for checkout in args.compare:
        src = checkout.resolve() / "src"
        if not (src / "weekgen").is_dir():
            ap.error(f"--compare: no src/weekgen in {checkout}")
        compileall.compile_dir(src / "weekgen", quiet=1)
        others.append((checkout.name, {**os.environ, "PYTHONPATH": str(src)}))
    table = []
    trash = Trash(work)
    try:
        for size in sizes:
            table.append(measure_size(size, work, peers, trash, args.runs, args.shape, others))
    finally:
        trash.empty()
        if args.ram_disk:  # its memory is the machine's
            shutil.rmtree(work, ignore_errors=True)
    print_table(table, list(peers))


def compile_weekgen() -> None:
    """weekgen's bytecode, as installing a package writes it. An editable install (build.sh's)
    leaves it to the first import, and where PYTHONDONTWRITEBYTECODE is set (as on the machine
    of RESULTS.md) no import writes it: every build compiled weekgen's modules again, 0.04 s
    that Pelican, installed from a wheel, never pays."""
    found = subprocess.run([sys.executable, "-c", "import weekgen; print(weekgen.__file__)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    compileall.compile_dir(Path(found).parent, quiet=1)


def weekgen_builders(size: int, work: Path, trash: Trash, shape: str, label: str = "weekgen",
                     env: dict[str, str] | None = None) -> tuple[list[Builder], list[corpus.Item]]:
    """weekgen with its search and without, each on a copy of the corpus of its own."""
    builders = []
    for name, search in ((label, True), (f"{label} --no-search", False)):
        root = work / f"{name.replace(' --', '-').replace('@', '-')}-{size}"
        trash.aside(root)  # of an earlier run with the same --work
        items = write_corpus(root, size, shape)
        builders.append(Builder(name, root, weekgen_cmd(search), functools.partial(
            trash.aside, root / "public", root / ".weekgen-cache"), "weekgen", env))
    return builders, items


def measure_size(size: int, work: Path, peers: dict[str, str], trash: Trash,
                 runs: int, shape: str = "years",
                 others: Sequence[tuple[str, dict[str, str]]] = ()) -> dict:
    """One row group of the table: weekgen (with and without search, and the weekgen of each
    checkout in `others`: its name and environment) and its peers at `size` activities."""
    print(f"{size} activities:", file=sys.stderr)
    builders, items = weekgen_builders(size, work, trash, shape)
    root = builders[0].root
    for name, env in others:
        builders += weekgen_builders(size, work, trash, shape, f"weekgen@{name}", env)[0]
    if "hugo" in peers:
        hroot = work / f"hugo-{size}"
        trash.aside(hroot)
        corpus.write_hugo(hroot, items)
        builders.append(Builder("hugo", hroot, [peers["hugo"], "--quiet", "-d", "public"],
                                lambda: trash.aside(hroot / "public"), "hugo"))
    if "pelican" in peers:
        proot = work / f"pelican-{size}"
        trash.aside(proot)
        corpus.write_pelican(proot, items)
        builders.append(Builder("pelican", proot,
                                [peers["pelican"], "-q", "-s", "pelicanconf.py", "content"],
                                lambda: trash.aside(proot / "output", proot / "cache"),
                                "pelican"))
    # Round by round, each generator in turn: a machine that is slower for a while (a shared
    # host) slows every generator's run of that round, and the ratios stay honest.
    for i in range(runs):
        for builder in builders:
            builder.round(i)
    row: dict = {"size": size, "ours": [b.name for b in builders if b.fmt == "weekgen"],
                 **{b.name: b.results for b in builders}}
    row["weekgen"]["in process"] = in_process_edit(root, runs)
    return row


def print_table(table: list[dict], peers: list[str]) -> None:
    ours_names = table[0]["ours"] if table else ["weekgen"]
    head = ["activities", "build", *ours_names] + [c for p in peers for c in (p, f"{p}/weekgen")]
    rows = []
    for row in table:
        ours = row["weekgen"]
        for label, key in (("cold", "cold"), ("nothing changed", "noop"),
                           ("one activity edited", "edit"), ("edited, in process", "in process"),
                           ("peak memory (cold)", "memory"), ("cold, CPU", "cold cpu"),
                           ("nothing changed, CPU", "noop cpu"),
                           ("one activity edited, CPU", "edit cpu")):
            unit = "MB" if key == "memory" else "s"
            cells = [f"{row['size']:,}", label,
                     *(fmt(row[name].get(key, []), unit) for name in row["ours"])]
            for p in peers:
                theirs = row[p].get(key, []) if key != "in process" else []
                cells += [fmt(theirs, unit), ratio(theirs, ours.get(key, []))]
            rows.append(cells)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
