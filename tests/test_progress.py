"""The progress line: on a terminal, after a second, never in a log; the summary always."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from weekgen import cli
from weekgen.progress import TerminalProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_nothing_shows_in_the_first_second() -> None:
    out, clock = Terminal(), Clock()
    progress = TerminalProgress(out, clock)
    clock.now = 0.5
    progress("pages", 10, 100)
    assert out.getvalue() == ""


def test_a_slow_build_shows_its_stage_and_count_then_clears_the_line() -> None:
    out, clock = Terminal(), Clock()
    progress = TerminalProgress(out, clock)
    clock.now = 1.5
    progress("pages", 1200, 20000)
    assert out.getvalue().endswith("weekgen: pages 1,200 of 20,000")
    clock.now = 1.55
    progress("pages", 1300, 20000)  # too soon to redraw
    assert "1,300" not in out.getvalue()
    clock.now = 1.7
    progress("writing", 0, 0)
    assert out.getvalue().endswith("weekgen: writing…")
    progress.close()
    assert out.getvalue().endswith("\r\x1b[K")


def test_not_a_terminal_shows_nothing() -> None:
    out, clock = io.StringIO(), Clock()
    progress = TerminalProgress(out, clock)
    clock.now = 10.0
    progress("pages", 1, 2)
    progress.close()
    assert out.getvalue() == ""


def test_build_prints_one_summary_line_and_quiet_prints_none(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "content" / "2021").mkdir(parents=True)
    (tmp_path / "content" / "site.yaml").write_text("title: Testweek\n", encoding="utf-8")
    args = ["build", "--source", str(tmp_path), "--today", "2021-11-16", "--no-cache"]
    assert cli.main(args) == 0
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert "geschreven" in lines[0] and "ongewijzigd" in lines[0] and "verwijderd" in lines[0]
    assert cli.main([*args, "--quiet"]) == 0
    assert capsys.readouterr().err == ""
