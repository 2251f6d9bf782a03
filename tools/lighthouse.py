"""Lighthouse on each page type of a built site, mobile and desktop: a tool for developers, not a
test (it takes minutes and its scores vary a little from run to run).

    .venv/bin/weekgen build --today 2021-11-17
    python tools/lighthouse.py                       # serves public/, prints a table
    python tools/lighthouse.py --pages / /2021/ --form-factors mobile

It serves the folder as a host would (gzip for text, a year's cache for content-hashed files), and
runs npm's `lighthouse` (node_modules/.bin/lighthouse if installed, else `npx lighthouse@12.2.3`:
13 wants Node 22) against Debian's Chromium. The 404 page is rightly noindex: its SEO score is
not the site's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# The page a host shows for an address that does not exist, by its own address: Lighthouse will not
# audit a response with status 404. It is rightly noindex, so its SEO score is not the site's.
NOT_FOUND = "/404.html"
PAGES = ["/", "/2021/", "/2021/woensdag/", "/2021/activiteiten/",
         "/2021/activiteiten/kinderopvang-wat-doe-je-bij-een-vermoeden/", "/2021/regio/",
         "/2021/meedoen/", "/2018/terugblik/", "/archief/", "/zoeken/",
         "/toegankelijkheidsverklaring/", NOT_FOUND]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSED = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt", ".ics")
HASHED = re.compile(r"\.[0-9a-f]{8}\.\w+$")


class Handler(SimpleHTTPRequestHandler):
    """Static files with gzip and cache headers; the site's 404 page for what is missing."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            path, status = Path(self.translate_path("/404.html")), 404
        else:
            status = 200
        data = path.read_bytes()
        headers = {"Content-Type": self.guess_type(str(path))}
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, mtime=0)
            headers["Content-Encoding"] = "gzip"
        hashed = HASHED.search(path.name)
        headers["Cache-Control"] = "public, max-age=31536000, immutable" if hashed else "no-cache"
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        return _Body(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def lighthouse_command() -> list[str]:
    local = REPO / "node_modules" / ".bin" / "lighthouse"
    if local.exists():
        return [str(local)]
    return ["npx", "--yes", "lighthouse@12.2.3"]


def run(command: list[str], url: str, form_factor: str, chromium: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as profile:
        flags = (f"--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                 f"--user-data-dir={profile}")
        args = [*command, url, "--output=json", "--output-path=stdout", "--quiet",
                f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
        if form_factor == "desktop":
            args.append("--preset=desktop")
        done = subprocess.run(args, capture_output=True, text=True, check=False,
                              env={**os.environ, "CHROME_PATH": chromium})
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--public", type=Path, default=REPO / "public")
    parser.add_argument("--pages", nargs="+", default=PAGES)
    parser.add_argument("--form-factors", nargs="+", default=["mobile", "desktop"],
                        choices=["mobile", "desktop"])
    parser.add_argument("--lighthouse", help="the lighthouse command to run, e.g. "
                        "/tmp/lh/node_modules/.bin/lighthouse")
    parser.add_argument("--save", type=Path, help="a folder to keep each report in as JSON, "
                        "to read what an audit found")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not (args.public / "index.html").is_file():
        print(f"{args.public} has no index.html: build the site first", file=sys.stderr)
        return 2
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(Handler, directory=str(args.public)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    command = [args.lighthouse] if args.lighthouse else lighthouse_command()
    # BI: Lighthouse's benchmark index of the machine during that run. Its mobile figures slow
    # the CPU four times as if the machine were a fast desktop (about 1,500): on a shared machine
    # that is busy the index falls, and blocking time and performance with it.
    print(f"{'page':<58} {'form':<8} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} "
          f"{'BI':>5}")
    worst = 100
    try:
        for page in args.pages:
            for form in args.form_factors:
                try:
                    report = run(command, origin + page, form, args.chromium)
                except RuntimeError as exc:  # one page that fails leaves the others measured
                    print(f"{page:<58} {form:<8} {exc}", flush=True)
                    worst = 0
                    continue
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    name = page.strip("/").replace("/", "_") or "front"
                    (args.save / f"{name}.{form}.json").write_text(json.dumps(report), "utf-8")
                scores = [round(100 * (report["categories"][c]["score"] or 0))
                          for c in CATEGORIES]
                cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
                worst = min(worst, *(scores[:3] if page == NOT_FOUND else scores))
                index = report.get("environment", {}).get("benchmarkIndex") or 0
                print(f"{page:<58} {form:<8} {scores[0]:>4} {scores[1]:>4} {scores[2]:>4} "
                      f"{scores[3]:>4} {cls:>6.3f} {index:>5.0f}", flush=True)
    finally:
        server.shutdown()
    return 0 if worst == 100 else 1


if __name__ == "__main__":
    sys.exit(main())
