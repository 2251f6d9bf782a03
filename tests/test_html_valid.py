"""Every page of the sample site is valid HTML by html-validate (the npm package in package.json),
before, during and after a Week, with the rules of `.htmlvalidate.json`: html-validate's
recommended set, with one rule off:

- long-title: a title longer than 70 characters is a hint for search engines, not an error in the
  HTML; a page's title is the editor's activity title and the campaign's name, and cutting either
  would make the title worse for people using a screen reader or tabs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import REPO, all_html_files, npm_file

SampleSite = Callable[..., Path]
# Before the Week of 2018; during the Week of 2021; after it (the look-backs of both years).
DATES = ("2018-11-10", "2021-11-16", "2021-12-01")


def html_validate(files: list[Path], report: Path) -> list[str]:
    """The errors html-validate finds in `files`, as 'file:line:col: message (rule)'."""
    program = npm_file("html-validate/bin/html-validate.mjs")
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing (CI must run html-validate)", pytrace=False)
        pytest.skip("node is missing")
    # The report goes to a file: node can cut off a long report written to a pipe when it exits.
    result = subprocess.run(
        [node, str(program), "--config", str(REPO / ".htmlvalidate.json"),
         f"--formatter=json={report}", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode in (0, 1), result.stderr
    errors = []
    for found in json.loads(report.read_text("utf-8")):
        for m in found["messages"]:
            if m["severity"] == 2:
                errors.append(f"{found['filePath']}:{m['line']}:{m['column']}: "
                              f"{m['message']} ({m['ruleId']})")
    assert result.returncode == (1 if errors else 0), result.stderr
    return errors


def test_every_page_of_the_sample_site_is_valid_html(sample_site: SampleSite,
                                                      tmp_path: Path) -> None:
    files = [f for today in DATES for f in all_html_files(sample_site("--today", today))]
    assert len(files) > 250
    assert html_validate(files, tmp_path / "report.json") == []


def test_html_validate_finds_errors(tmp_path: Path) -> None:
    """The check can fail: a page with a duplicate id and an unclosed element is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html>\n<html lang="nl"><head><title>x</title></head>\n'
                   '<body><main id="a"><p id="a">text</main></body></html>\n', "utf-8")
    errors = html_validate([bad], tmp_path / "report.json")
    assert any("no-dup-id" in e for e in errors), errors
