"""Reproducible output: the same content and build date give byte-identical files, whatever the
folder, the cache, the hash seed, the number of processes or the builds that came before."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from site_helpers import SAMPLE_CONTENT, write_project

Cli = Callable[..., tuple[int, str, str]]
EPOCH = "1637150400"  # 2021-11-17 12:00 UTC: Wednesday of the 2021 Week
REGIONS = ("Veldhoven-aan-Zee", "Brugdorp", "Lindewaard", "Kromstede", "Oosterveen")
EXTRA_PAGE = ("---\ntitle: Nieuw adres\naliases: [/2021/oud-adres/]\n---\n"
              "Zie [maandag](/2021/maandag/).\n")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    ta, tb = tree(a), tree(b)
    assert len(ta) > 20
    return sorted(k for k in ta.keys() | tb.keys() if ta.get(k) != tb.get(k))


def copy_sample(root: Path, reverse: bool = False) -> Path:
    """The sample content plus a page with an alias; files created in reverse order when asked,
    so that the folders list them differently."""
    files = sorted(p for p in SAMPLE_CONTENT.rglob("*") if p.is_file())
    for path in reversed(files) if reverse else files:
        target = root / "content" / path.relative_to(SAMPLE_CONTENT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (root / "content/2021/nieuw-adres.md").write_text(EXTRA_PAGE, "utf-8")
    return root


def corpus(root: Path, count: int = 450) -> Path:
    """A fictional year big enough for every stage to run in worker processes."""
    files: dict[str, str | bytes | None] = {}
    for part in range(3):
        items = []
        for n in range(part, count, 3):
            items.append(
                f"- title: Bijeenkomst {n}\n  date: 2021-11-{15 + n % 7}\n"
                f"  start_time: \"{9 + n % 9}:{(n * 7) % 60:02d}\"\n"
                f"  region: {REGIONS[n % len(REGIONS)]}\n  organiser: Stichting {n % 23}\n"
                f"  hashtag: [week{n % 4}, samen{n % 3}]\n"
                f"  description: |\n    Een **verzonnen** bijeenkomst nummer {n}.\n")
        files[f"content/2021/activities/deel{part}.yaml"] = "".join(items)
    return write_project(root, files)


def run_build(source: Path, out: Path, seed: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-m", "weekgen", "build", "--source", str(source),
                             "--out", str(out), "--quiet"], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr


def test_two_folders_two_caches_two_hash_seeds_give_the_same_bytes(tmp_path: Path) -> None:
    a = copy_sample(tmp_path / "a")
    b = copy_sample(tmp_path / "elders/b", reverse=True)
    run_build(a, a / "public", seed="1")
    run_build(b, tmp_path / "elders/site", seed="2")
    assert (a / ".weekgen-cache").is_dir() and (b / ".weekgen-cache").is_dir()
    assert differences(a / "public", tmp_path / "elders/site") == []
    run_build(b, tmp_path / "elders/site", seed="3")  # from the cache this time
    assert differences(a / "public", tmp_path / "elders/site") == []


# Run in a fresh process: workers fork only while no other thread runs, and a test session may
# have servers running in threads. `cores` is what the build asks for its number of processes.
PARALLEL_BUILD = """
import sys
from concurrent.futures import ProcessPoolExecutor

import weekgen.engine.workers
from weekgen.cli import main

started = []
class CountingPool(ProcessPoolExecutor):
    def __init__(self, *args, **kwargs):
        started.append(1)
        super().__init__(*args, **kwargs)

processes = int(sys.argv[1])
weekgen.engine.workers.cores = lambda: processes
weekgen.engine.workers.ProcessPoolExecutor = CountingPool
code = main(sys.argv[2:])
print(len(started))  # pools started
sys.exit(code)
"""


def test_serial_and_parallel_builds_give_the_same_bytes(tmp_path: Path) -> None:
    project = corpus(tmp_path / "site")
    outs = {}
    for processes in (1, 2):
        outs[processes] = tmp_path / f"out-{processes}"
        result = subprocess.run(
            [sys.executable, "-c", PARALLEL_BUILD, str(processes), "build", "--source",
             str(project), "--out", str(outs[processes]), "--no-cache", "--quiet"],
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, capture_output=True, text=True,
            timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        pools = int(result.stdout.split()[0])
        assert (pools > 0) == (processes > 1), pools  # parse, Markdown and render in workers
    assert len(tree(outs[1])) > 450
    assert differences(outs[1], outs[2]) == []


def test_a_first_build_into_an_empty_cache_gives_the_bytes_of_one_without(tmp_path: Path,
                                                                          ) -> None:
    """A first build's Markdown and events go through the new cache; the pages are those of
    a build without a cache, which renders each text when the pages need it."""
    project = corpus(tmp_path / "site")
    for name, flags in (("cached", []), ("uncached", ["--no-cache"])):
        result = subprocess.run(
            [sys.executable, "-c", PARALLEL_BUILD, "2", "build", "--source", str(project),
             "--out", str(tmp_path / name), "--quiet", *flags],
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, capture_output=True, text=True,
            timeout=120, check=False)
        assert result.returncode == 0, result.stderr
    assert differences(tmp_path / "cached", tmp_path / "uncached") == []


def test_an_incremental_build_gives_the_bytes_of_a_cold_one(tmp_path: Path, cli: Cli,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_sample(tmp_path / "site")
    activities = project / "content/2021/activities.yaml"
    original = activities.read_text("utf-8")
    edited = original.replace("Deze week staan verhalen centraal.",
                              "Deze week staan verhalen van iedereen centraal.", 1)
    assert edited != original

    def incremental() -> None:
        code, _, err = cli("build", "--source", str(project), "--quiet")
        assert code == 0, err

    def cold(name: str) -> Path:
        out = tmp_path / name
        code, _, err = cli("build", "--source", str(project), "--out", str(out), "--no-cache",
                           "--quiet")
        assert code == 0, err
        return out

    incremental()
    activities.write_text(edited, "utf-8")
    incremental()
    assert differences(project / "public", cold("cold-edited")) == []
    activities.write_text(original, "utf-8")
    incremental()
    assert differences(project / "public", cold("cold-original")) == []
