"""Plain helpers shared by the tests: test projects from a dict of files, the CLI in-process,
the output parsed with lxml. (Fixtures live in conftest.py; this module has its own name so that
another folder's conftest.py cannot shadow it.)"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml

from weekgen.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CONTENT = REPO / "content"

SITE_YAML = "title: Testweek\nbase_url: https://example.org/\n"

Files = dict[str, str | bytes | None]


def npm_file(rel: str) -> Path:
    """A file of the npm packages the tests use (package.json; `npm ci` installs them).

    Missing, the test is skipped, except in CI (the CI variable set), where it fails: CI must run
    the validators."""
    path = REPO / "node_modules" / rel
    if not path.is_file():
        reason = f"{path} is missing: run `npm ci` in {REPO}"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run this test)", pytrace=False)
        pytest.skip(reason)
    return path


def write_project(root: Path, files: Files) -> Path:
    """Write `{path: text}` under `root`, with a minimal valid content/site.yaml by default.

    A value of None leaves the file out (e.g. {"content/site.yaml": None})."""
    merged: Files = {"content/site.yaml": SITE_YAML, **files}
    root.mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir(exist_ok=True)
    for rel, text in merged.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
    return root


def sample_activities(year: int) -> list[dict[str, Any]]:
    """The sample's activities of a year, as plain YAML values (dates are dates)."""
    data = yaml.safe_load((SAMPLE_CONTENT / str(year) / "activities.yaml").read_text("utf-8"))
    assert isinstance(data, list)
    return data


def run_main(argv: list[str]) -> int:
    """weekgen.cli.main, with argparse's SystemExit (--version, --help) turned into its code."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


def parse(path: Path) -> lxml.html.HtmlElement:
    """An HTML file of the output as an lxml tree."""
    return lxml.html.fromstring(path.read_bytes())


def all_html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def page(out: Path, address: str) -> lxml.html.HtmlElement:
    """The page at a site address such as '/2021/maandag/' ('' or '/' for the front page)."""
    rel = address.strip("/")
    path = out / rel / "index.html" if rel else out / "index.html"
    assert path.is_file(), f"{address} was not built ({path})"
    return parse(path)


def text(el: lxml.html.HtmlElement) -> str:
    """An element's visible text with whitespace collapsed."""
    return " ".join(el.text_content().split())


def main_text(tree: lxml.html.HtmlElement) -> str:
    return text(tree.get_element_by_id("inhoud"))


def h1(tree: lxml.html.HtmlElement) -> str:
    heads = tree.xpath("//h1")
    assert len(heads) == 1, f"expected one h1, found {len(heads)}"
    return text(heads[0])


def internal_links(out: Path, prefix: str = "/",
                   host: str = "example.org") -> Iterator[tuple[Path, str, Path | None]]:
    """Every link and asset of every page that points into this site, with the file it resolves
    to (None when it does not start with `prefix`). Fragments must name an id on their page."""
    for path in all_html_files(out):
        tree = parse(path)
        ids = set(tree.xpath("//@id"))
        for url in tree.xpath("//@href | //@src"):
            parts = urlsplit(url)
            if parts.scheme in ("mailto", "tel") or (parts.netloc and parts.netloc != host):
                continue
            if not (parts.scheme or parts.netloc or parts.path):
                yield path, url, path if parts.fragment in ids else None
                continue
            if parts.scheme not in ("", "https", "http", "webcal") or \
                    not parts.path.startswith(prefix):
                yield path, url, None
                continue
            rel = parts.path[len(prefix):]
            yield path, url, out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def broken_links(out: Path, prefix: str = "/", host: str = "example.org") -> list[str]:
    return [f"{path.relative_to(out)}: {url}" for path, url, target in
            internal_links(out, prefix, host) if target is None or not target.is_file()]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def headlines(stderr: str) -> list[str]:
    """The first line of each reported problem: 'path:line:col: message'."""
    return [line for line in stderr.splitlines()
            if line and not line[0].isspace() and not line.startswith("weekgen:")]


def hints(stderr: str) -> list[str]:
    """The hint of each reported problem, without its 'hint: ' (on a Dutch site 'tip: ')."""
    return [line.strip().partition(": ")[2] for line in stderr.splitlines()
            if line.strip().startswith(("hint: ", "tip: "))]
