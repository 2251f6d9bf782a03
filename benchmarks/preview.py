"""The dev server's latency: from saving an activity's title to the new title shown in the page.

    python benchmarks/preview.py [--sites sample,20000] [--runs 10] [--save inplace|rename]
                                 [--work DIR | --ram-disk] [--shape years|year] [--compare DIR]

For each site, `weekgen serve` runs as a subprocess on a free port (the sample site: a copy of
the repo's content/; N: the benchmark corpus of N activities, corpus.py, as run.py writes it).
A headless Chromium (Debian's chromium and chromedriver, through selenium) opens one activity's
page; then, --runs times, the script writes a new title into that activity's YAML (in place, as
most editors save, or with --save rename into a temporary file renamed over it, as vim and
others do), notes the time just before the write, and polls the page (a WebDriver round trip
of a few ms, across the reload) until its <h1> holds the new title.

The breakdown, every figure from the moment of the save:
- detected: the server printed `weekgen: changed:` (its stderr read line by line, each line
  stamped when it arrives: the watcher's polling and its debounce);
- rebuilt: it printed `weekgen: rebuilt:` (the rebuild of one activity in the Session);
- reload: the new page's navigation began (its performance.timeOrigin: livereload told the
  browser, the browser asked again);
- loaded: the new page's DOMContentLoaded ended (its HTML fetched and parsed);
- painted: its first contentful paint;
- visible: the poll saw the new title (the headline figure).
With --compare DIR, another checkout's weekgen (e.g. `git worktree add DIR <commit>`) serves
its own copy of each site, watched by a Chromium of its own, and the two take turns edit by
edit, so that before and after are measured under the same load.
Each is min / median / max in ms over the runs. The browser's clock and this script's are the
same system clock (time.time() and Date.now()).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402

CHROMIUM = os.environ.get("WEEKGEN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("WEEKGEN_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync",
         "--window-size=1280,900")
SAMPLE_TODAY = "2021-11-17"  # in the sample's newest Week
STEPS = ("detected", "rebuilt", "reload", "loaded", "painted", "visible")

TIMING = """
const nav = performance.getEntriesByType('navigation')[0];
const paint = performance.getEntriesByName('first-contentful-paint')[0];
return [performance.timeOrigin, nav ? nav.domContentLoadedEventEnd : null,
        paint ? paint.startTime : null];
"""
H1 = "const h = document.querySelector('h1'); return h ? h.textContent : null;"


# What the server prints, in a Dutch or an English site's words.
CHANGED = ("weekgen: changed:", "weekgen: gewijzigd:")
REBUILT = ("weekgen: rebuilt:", "weekgen: opnieuw gebouwd:")

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`weekgen serve` in a subprocess; each line it prints, with the time it arrived."""

    def __init__(self, root: Path, today: str, src: Path) -> None:
        self.port = free_port()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(src), *filter(None, [os.environ.get("PYTHONPATH")])]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "weekgen", "serve", "--source", str(root), "--port",
             str(self.port), "--today", today], stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, env=env, text=True, bufsize=1)
        self.lines: list[tuple[float, str]] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append((time.time(), line.rstrip("\n")))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("weekgen serve stopped:\n" + "\n".join(
                    line for _, line in self.lines[-30:]))
            try:
                with urllib.request.urlopen(self.url("/"), timeout=5):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"weekgen serve did not answer within {timeout} s")

    def first_after(self, start: float, prefix: str | tuple[str, ...]) -> float | None:
        for stamp, line in list(self.lines):
            if stamp >= start and line.startswith(prefix):
                return stamp
        return None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def chromium() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="weekgen-preview-bench-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def save(path: Path, text: str, how: str) -> None:
    """Write `text` as an editor saves: in place, or into a temporary file renamed over it."""
    if how == "inplace":
        with path.open("w", encoding="utf-8") as f:
            f.write(text)
        return
    temp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


class Site:
    """A site to preview: its folder, the day to preview, the activity edited and its page."""

    def __init__(self, name: str, root: Path, today: str, source: Path, title: str,
                 page: str) -> None:
        self.name, self.root, self.today = name, root, today
        self.source, self.title, self.page = source, title, page

    def retitle(self, text: str, new: str) -> str:
        """The YAML with the activity's title line replaced by `new`."""
        pattern = re.compile(r"^(- title: ).*$", re.M)
        for match in pattern.finditer(text):
            value = match.group(0)[len("- title: "):].strip().strip('"')
            if value == self.title:
                return text[:match.start()] + f'- title: "{new}"' + text[match.end():]
        raise SystemExit(f"{self.source}: no activity titled {self.title!r}")


def sample_site(work: Path) -> Site:
    root = work
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "content", root / "content")
    source = root / "content" / "2021" / "activities.yaml"
    # the third activity of the sample's newest Week, on a day of the Week; its page moves with
    # each new title (its slug is made from the title) and the preview follows it there
    title = "Kinderopvang: wat doe je bij een vermoeden?"
    return Site("sample", root, SAMPLE_TODAY, source, title,
                "/2021/activiteiten/kinderopvang-wat-doe-je-bij-een-vermoeden/")


def corpus_site(work: Path, size: int, shape: str) -> Site:
    root = work
    shutil.rmtree(root, ignore_errors=True)
    items = bench.write_corpus(root, size, shape)
    newest = max(i.year for i in items)
    item = next(i for i in items if i.year == newest)  # its slug is fixed: the page stays put
    folder = root / "content" / str(newest)
    one = folder / "activities.yaml"
    source = one if one.is_file() else sorted((folder / "activities").glob("*.yaml"))[0]
    return Site(str(size), root, bench.TODAY, source, item.title,
                f"/{newest}/activiteiten/{item.slug}/")


class Probe:
    """One weekgen (this checkout's, or another's with --compare) serving its own copy of a site,
    watched by its own Chromium."""

    def __init__(self, label: str, site: Site, src: Path, stack: ExitStack) -> None:
        self.label, self.site = label, site
        self.server = Server(site.root, site.today, src)
        stack.callback(self.server.stop)
        started = time.monotonic()
        self.server.wait_up(timeout=1800)
        print(f"{label}: served after {time.monotonic() - started:.1f} s", file=sys.stderr)
        self.driver: Any = stack.enter_context(chromium())
        self.driver.get(self.server.url(site.page))
        shown = self.driver.execute_script(H1)
        if (shown or "").strip() != site.title:
            raise SystemExit(f"{site.page} shows {shown!r}, not {site.title!r}")
        self.text = site.source.read_text(encoding="utf-8")
        self.results: dict[str, list[float]] = {step: [] for step in STEPS}

    def edit(self, i: int, how: str) -> None:
        """Save a new title; note when each step happened."""
        site, driver = self.site, self.driver
        new = f"{site.title} meting {i + 1}"
        changed = site.retitle(self.text, new)
        start = time.time()
        save(site.source, changed, how)
        while True:
            try:
                now = driver.execute_script(H1)
            except Exception:  # the page is between two documents
                now = None
            if now is not None and now.strip() == new:
                visible = time.time()
                break
            if time.time() - start > 120:
                raise SystemExit(f"{self.label}: the new title never showed")
        origin, loaded, painted = driver.execute_script(TIMING)
        steps = {"detected": self.server.first_after(start, CHANGED),
                 "rebuilt": self.server.first_after(start, REBUILT),
                 "reload": origin / 1000,
                 "loaded": (origin + loaded) / 1000 if loaded else None,
                 "painted": (origin + painted) / 1000 if painted else None,
                 "visible": visible}
        for step, stamp in steps.items():
            if stamp is not None:
                self.results[step].append((stamp - start) * 1000)
        print(f"  {self.label} run {i + 1}: " + ", ".join(
            f"{step} {(stamp - start) * 1000:.0f}" for step, stamp in steps.items()
            if stamp is not None) + " ms", file=sys.stderr)
        self.text = changed
        site.title = new


def measure(sites: list[tuple[str, Site, Path]], runs: int, how: str,
            pause: float) -> list[Probe]:
    """Each weekgen on its copy of the site, taking turns: run 1 of each, then run 2 of each...
    so that a slower spell of a shared machine falls on all."""
    with ExitStack() as stack:
        probes = [Probe(label, site, src, stack) for label, site, src in sites]
        time.sleep(pause)
        for i in range(runs):
            for probe in probes:
                probe.edit(i, how)
                time.sleep(pause)
        return probes


def row(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{min(values):.0f} / {statistics.median(values):.0f} / {max(values):.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", default="sample,20000",
                    help="comma-separated: 'sample' and/or corpus sizes")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--save", choices=("inplace", "rename"), default="inplace")
    ap.add_argument("--shape", choices=("years", "year"), default="years")
    ap.add_argument("--pause", type=float, default=1.0, help="seconds between two edits")
    ap.add_argument("--compare", type=Path, metavar="DIR",
                    help="another checkout's weekgen too (its src first on PYTHONPATH), in turns")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--work", type=Path, help="where the sites go (default: a temporary dir)")
    where.add_argument("--ram-disk", action="store_true", help="put the sites in /dev/shm")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="weekgen-preview-bench-",
                                              dir="/dev/shm" if args.ram_disk else None))
    work.mkdir(parents=True, exist_ok=True)
    weekgens = [("weekgen", REPO / "src")]
    if args.compare:
        weekgens.append((f"weekgen@{args.compare.name}", args.compare.resolve() / "src"))
    table = []
    try:
        for name in args.sites.split(","):
            sites = []
            for label, src in weekgens:
                folder = work / f"{name}-{label}"
                site = sample_site(folder) if name == "sample" else corpus_site(
                    folder, int(name), args.shape)
                sites.append((label, site, src))
            table.append((name, measure(sites, args.runs, args.save, args.pause)))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nsave → … in ms, min / median / max of {args.runs} runs (--save {args.save})\n")
    print("| site | weekgen | " + " | ".join(STEPS) + " |")
    print("|---" * (len(STEPS) + 2) + "|")
    for name, probes in table:
        size = "sample" if name == "sample" else f"{int(name):,}"
        for probe in probes:
            print(f"| {size} | {probe.label} | " + " | ".join(
                row(probe.results[s]) for s in STEPS) + " |")


if __name__ == "__main__":
    main()
