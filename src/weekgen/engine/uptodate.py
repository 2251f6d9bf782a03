"""Noticing that nothing changed, before doing any of the work.

A build reads the content, the templates and static files, weekgen's own code and libraries
(cache.code_version), and its options. When every one of those is as it was at the last build
into the same folder, and that folder still holds exactly what the build left there, building
again would write the same bytes: the answer is the last build's report. Telling costs a `stat`
of each file, not a read.

A file's stat is its size, modification time, change time and inode. The change time cannot be set
back by tools that keep modification times (`cp -p`, `rsync -t`), and an editor that saves by
renaming makes a new inode. As git does for its index, a file changed so shortly before the build
that a later change might keep its times ("racy") makes the build leave no stamp at all: the next
build then does the full work, which is still incremental.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from weekgen.engine.cache import Cache, changed_before, code_version
from weekgen.options import BuildOptions, BuildReport, local_date
from weekgen.output import in_place
from weekgen.read.project import PACKAGE_DIR, Project, default_theme_dir


@dataclass(frozen=True)
class Stamp:
    """The state of everything a build into `out` reads, and the day it was asked to show."""

    state: str
    day: str  # the day asked for: a date, or 'lookback' (then the content decides)


def stamp(project: Project, out: Path, options: BuildOptions) -> Stamp | None:
    """This build's stamp, or None when a source changed too recently to trust its times."""
    started = time.time_ns()
    h = hashlib.blake2b(digest_size=16)
    for part in (code_version(), str(out.resolve()), options.drafts, options.base_url,
                 options.search):
        h.update(f"{part}\0".encode())
    folders = [project.content, *project.template_dirs, *project.static_dirs,
               project.catalogue_dir, PACKAGE_DIR / "i18n", project.root / "fonts",
               default_theme_dir("fonts")]  # (the share images' faces)
    for folder in folders:
        h.update(f"{folder}\0".encode())
        if not _walk(folder, h, changed_before(started)):
            return None
    day = "lookback" if options.lookback else options.today.isoformat() if options.today else ""
    return Stamp(h.hexdigest(), day)


def unchanged(project: Project, out: Path, options: BuildOptions,
              now: Stamp | None = None) -> BuildReport | None:
    """The last build's report when building again into `out` would change nothing, else None.
    (`now`: this build's stamp, when the caller has it already.)"""
    started = time.perf_counter()
    if not options.use_cache or not out.is_dir() or (options.today is None and
                                                     options.now is None):
        return None
    now = now or stamp(project, out, options)
    cache = Cache(project.cache_dir, read_only=True)
    last = cache.outputs.stamp(out)
    if now is None or last is None or not isinstance(last[0], Stamp):
        return None
    then, report = last
    if not isinstance(report, BuildReport):
        return None
    if then.state != now.state or then.day != (now.day or _today(options, report)):
        return None
    manifest = cache.outputs.manifest(out)
    if len(manifest) != report.pages or not in_place(out, manifest):
        return None
    return replace(report, written=0, unchanged=report.pages, removed=0,
                   seconds=time.perf_counter() - started, up_to_date=True)


def remember(cache: Cache, out: Path, now: Stamp | None, report: BuildReport) -> None:
    """Keep this build's stamp and report for the next build into `out`."""
    if now is not None:
        day = now.day or report.today.isoformat()
        cache.outputs.store_stamp(out, (replace(now, day=day), report))


def _today(options: BuildOptions, report: BuildReport) -> str:
    """The day a build without --today shows: today where the site is (its zone is the last
    build's, whose site.yaml is unchanged when the states are equal)."""
    day: date = local_date(options.now, report.timezone)
    return day.isoformat()


def _walk(folder: Path, h: hashlib.blake2b, racy_after: int) -> bool:
    """Feed every file under `folder` (name, size, times, inode) into `h`, in a stable order;
    False when one changed after `racy_after`."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        h.update(b"-\0")
        return True
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            h.update(f"{entry.name}/\0".encode())
            if not _walk(Path(entry.path), h, racy_after):
                return False
            continue
        st = entry.stat()  # a symlink counts by what it points to
        if max(st.st_mtime_ns, st.st_ctime_ns) > racy_after:
            return False
        h.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                 f"{st.st_ino}\0".encode())
    return True
