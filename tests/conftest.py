"""Fixtures: test projects in tmp_path, the sample site built once per date, the CLI with its
output captured. The plain helpers are in site_helpers.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import SAMPLE_CONTENT, Files, run_main, write_project


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """make_project(files, root=None) -> the project folder (tmp_path by default)."""

    def make(files: Files | None = None, root: Path | None = None) -> Path:
        return write_project(root or tmp_path, files or {})

    return make


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A copy of the repo's sample content, so that nothing is built inside the repo."""
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    return tmp_path


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """sample_site(*args) -> the output folder of the sample content built with `args`.

    Built once per set of arguments for the whole session; tests only read it."""
    built: dict[tuple[str, ...], Path] = {}

    def get(*args: str) -> Path:
        if args not in built:
            root = tmp_path_factory.mktemp("sample")
            shutil.copytree(SAMPLE_CONTENT, root / "content")
            code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                             "--no-cache", "--quiet", *args])
            assert code == 0
            built[args] = root / "public"
        return built[args]

    return get


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """cli(*argv) -> (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run_main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def build(cli: Callable[..., tuple[int, str, str]]) -> Callable[..., tuple[int, str]]:
    """build(project, *args) -> (exit code, stderr); builds into project/public, no cache."""

    def run(project: Path, *args: str, out: Path | None = None) -> tuple[int, str]:
        target = out if out is not None else project / "public"
        code, _, err = cli("build", "--source", str(project), "--out", str(target),
                           "--no-cache", *args)
        return code, err

    return run
