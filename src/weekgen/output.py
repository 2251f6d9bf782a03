"""Writing the site: the only module that writes into the output folder.

A build puts the whole new site together in a staging folder beside the output: new and changed
files are written there, unchanged ones hard-linked from the output (so they keep their inode and
modification time, and uploaders send only what changed), and so are the user's own files at the
top of the output (see `Writer.commit`). Then one system call exchanges the two folders
(`renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames, the old site set aside between
them). At every moment the output holds one whole site, the old or the new: a build that fails or
is killed leaves the old one, and the next build clears or completes what it left beside the
output. Nothing is ever written into the output itself, nor through a symbolic link found in it.

The old site is not deleted but kept as the next build's staging folder (the "spare", in the
cache): most of its files are already links to the files the next build keeps, so that build
links, writes and deletes only what changed, instead of linking tens of thousands of files into
new folders and deleting as many. Nothing in the spare is trusted: a file stays only when it is
the very file the output holds (the same inode), everything else is replaced or removed.

A long-running process that is the only writer of its output folder (the dev server, into its
folder in the cache) may hand a build the `Layout` the last one left: what the output and the
spare hold, file by file, as that process wrote them. The build then stages against it without
looking at every file of the output and the spare again.

One build at a time writes into an output folder: a second one stops with `WriteFailed` (a lock
file beside the output, held with `flock` while a build writes). What the system refuses (a full
disk, a read-only folder, an output that is a file) is a `WriteFailed` too, with the output left
as it was and nothing left beside it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import re
import shutil
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from weekgen.errors import WriteFailed
from weekgen.fingerprint import fingerprint
from weekgen.wording import N_

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks between builds
    fcntl = None  # type: ignore[assignment]

# Beside the output folder `public`: `.public.weekgen-staging` (the new site while it is put
# together; after an exchange, the old site until it is deleted), `.public.weekgen-old` (the old
# site set aside where folders cannot be exchanged) and `.public.weekgen-lock`.
STAGING_SUFFIX = ".weekgen-staging"
OLD_SUFFIX = ".weekgen-old"
LOCK_SUFFIX = ".weekgen-lock"
# Top-level names that are weekgen's even when neither this build nor the last one (by its
# manifest) wrote them: a year that is gone, the search index of a build with --no-search.
OWN_NAMES = re.compile(r"\d{4}|static|pagefind")


class Entry(NamedTuple):
    """What the output folder holds at a path, as the last build left it."""

    key: str  # the fingerprint of the page's inputs
    digest: str  # of the file's bytes
    size: int
    mtime_ns: int


Manifest = dict[str, Entry]


@dataclass(frozen=True)
class Layout:
    """What the output folder and the spare hold after a build, as the process that wrote them
    knows it: every file of the output (its stat) and of the spare (its inode), and nothing
    else (no file of the user's carried over). `spare` is None where the build did not know it
    (the first build of the process)."""

    output: dict[str, os.stat_result]
    spare: dict[str, int] | None


def _folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder that holds one of `paths`, and the folders above them."""
    found: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def safe_relative(path: str) -> str:
    """An output path that stays inside the output folder, or ValueError."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or any(
            p in ("", ".", "..") for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return path


def in_place(out: Path, manifest: Manifest) -> bool:
    """Does `out` hold every file of `manifest` as the build left it, each a plain file in real
    folders (no symbolic link on the way)?"""
    # (`_Folders.file` inlined: a build that finds nothing changed asks this of every file,
    # and the calls cost more than the system's lstat)
    folders = _Folders(str(out))
    real, known, root, lstat, regular = folders.real, folders._real, folders.root, os.lstat, \
        stat.S_ISREG
    for path, entry in manifest.items():
        folder = path.rpartition("/")[0]
        if not (known.get(folder) or real(folder)):
            return False
        try:
            st = lstat(f"{root}/{path}")
        except OSError:
            return False
        if not regular(st.st_mode) or st.st_size != entry.size or \
                st.st_mtime_ns != entry.mtime_ns:
            return False
    return True


def beside(out: Path, suffix: str) -> Path:
    """The hidden name beside the output folder with this suffix: `.public.weekgen-lock`."""
    return out.with_name(f".{out.name}{suffix}")


class _Folders:
    """Which folders of the output are real folders, reached without a symbolic link: each asked
    once (a build looks into tens of thousands of them)."""

    def __init__(self, root: str, known: dict[str, os.stat_result] | None = None) -> None:
        self.root = root
        self._real: dict[str, bool] = {"": True}
        self._files: dict[str, os.stat_result | None] = {}  # (the output does not change)
        self._complete = known is not None  # a file it does not know is not there
        if known is not None:
            self._files.update(known)
            self._real.update(dict.fromkeys(_folders_of(known), True))

    def real(self, folder: str) -> bool:
        known = self._real.get(folder)
        if known is None:
            parent = folder.rpartition("/")[0]
            try:
                known = self.real(parent) and stat.S_ISDIR(
                    os.lstat(f"{self.root}/{folder}").st_mode)
            except OSError:
                known = False
            self._real[folder] = known
        return known

    def file(self, path: str) -> os.stat_result | None:
        """The file at `path`, when it is a plain file in real folders, else None."""
        if path in self._files:
            return self._files[path]
        found = None
        if not self._complete and self.real(path.rpartition("/")[0]):
            try:
                st = os.lstat(f"{self.root}/{path}")
            except OSError:
                st = None
            found = st if st is not None and stat.S_ISREG(st.st_mode) else None
        self._files[path] = found
        return found


class Spare:
    """What the staging folder holds before a build stages anything: the site before the last
    one, when it was kept (see the module's docstring); empty for a new staging folder."""

    def __init__(self, root: str | None = None, known: dict[str, int] | None = None) -> None:
        self.files: dict[str, int] = {}  # path: inode
        self.folders: set[str] = set()
        if known is not None:
            self.files, self.folders = dict(known), _folders_of(known)
        elif root is not None:
            self._index(root, "")

    def _index(self, root: str, prefix: str) -> None:
        with os.scandir(f"{root}/{prefix}" if prefix else root) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    self.folders.add(rel)
                    self._index(root, rel + "/")
                else:  # a file, or a link: replaced unless it is the output's own file
                    self.files[rel] = entry.inode()


class Stager:
    """Puts one build's files into the staging folder; the part that workers run."""

    def __init__(self, out: Path, staging: Path, fresh: bool, previous: Manifest,
                 spare: Spare | None = None,
                 known: dict[str, os.stat_result] | None = None) -> None:
        self.out = str(out)
        self.staging = str(staging)
        self.fresh = fresh
        self.previous = previous
        self.folders = _Folders(self.out, known)
        self.spare = spare or Spare()
        self._made: set[str] = set()

    def stage(self, path: str, data: bytes, key: str) -> tuple[Entry, bool]:
        """Stage `data` for `path`: linked from the output when it holds these bytes already.

        Returns the entry for the manifest and whether the file was written."""
        safe_relative(path)
        new = fingerprint(data)
        try:
            folder = path.rpartition("/")[0]
            if folder:
                self.make(folder)
            st = None if self.fresh else self._same(path, self.previous.get(path), new, data)
            if st is not None:
                self.link_output(path, st)
                return Entry(key, new, st.st_size, st.st_mtime_ns), False
            self._clear(path)
            _write(f"{self.staging}/{path}", data)
        except OSError as exc:
            raise _failed(self.out, N_("cannot write {path}").format(path=path), exc) from None
        return Entry(key, new, len(data), 0), True

    def make(self, folder: str) -> None:
        """Make a staging folder: one mkdir when its parent was made already (as for most of
        the 20,000 activity folders), rather than os.makedirs' walk up the tree."""
        if folder in self._made:
            return
        parent = folder.rpartition("/")[0]
        if parent:
            self.make(parent)
        if folder not in self.spare.folders:
            self._clear(folder)  # (a file of the spare where the new site has a folder)
            with contextlib.suppress(FileExistsError):  # made by another worker
                os.mkdir(f"{self.staging}/{folder}")
        self._made.add(folder)

    def link_output(self, path: str, st: os.stat_result) -> None:
        """The output's file at `path` (whose stat is `st`) into the staging folder, unless the
        spare holds that very file there already."""
        if self.spare.files.get(path) == st.st_ino:
            return
        self._clear(path)
        link(f"{self.out}/{path}", f"{self.staging}/{path}")

    def _clear(self, path: str) -> None:
        """Room at `path` in the staging folder: what the spare holds there goes."""
        if path in self.spare.files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.staging}/{path}")
        elif path in self.spare.folders:
            _remove(Path(f"{self.staging}/{path}"))

    def _same(self, path: str, old: Entry | None, new: str,
              data: bytes) -> os.stat_result | None:
        """The output's file at `path` when it holds exactly `data`, else None."""
        st = self.folders.file(path)
        if st is None or st.st_size != len(data):
            return None
        if old is not None and old.digest == new and st.st_mtime_ns == old.mtime_ns:
            return st
        try:
            fd = os.open(f"{self.out}/{path}", os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        with open(fd, "rb") as f:
            return st if f.read() == data else None


def _write(path: str, data: bytes) -> None:
    """A new file with `data`: three system calls, where open() would add a stat, a seek and
    a terminal check (which add up over 40,000 files). Never an existing file (O_EXCL): in the
    staging folder that would be a hard link to a file of the live site."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def link(source: str, target: str) -> None:
    """`target` as a second name of the file `source` (a copy with its times where the file
    system has no hard links). Never follows a symbolic link."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(source, target, follow_symlinks=False)


class Writer:
    """Collects a build's files into the staging folder, then swaps it in with `commit`.

    Holds the output's lock from its start until `commit` or `discard`."""

    def __init__(self, out: Path, previous: Manifest, spare: Path | None = None,
                 known: Layout | None = None) -> None:
        self.out = out
        real = Path(os.path.realpath(out))  # a link to the output folder stays a link
        self._real = real
        self.staging = beside(real, STAGING_SUFFIX)
        self.spare_home = spare  # where the old site is kept for the next build (None: not)
        self.previous = previous
        self.entries: Manifest = {}
        self.staged: list[str] = []
        self.unchanged = 0
        self.layout: Layout | None = None  # what the output and the spare hold after `commit`
        self._known = known
        self._kept: dict[str, os.stat_result] = {}  # the output's files kept, as they are
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _failed(str(out), N_("cannot make the folder of {out}").format(out=str(out)),
                          exc) from None
        self._lock = _Lock(beside(real, LOCK_SUFFIX), out)
        try:
            recover(real)
            self.fresh = _check_output(real, out)  # a first build: nothing to compare or keep
            if self.fresh:
                self._known = known = None
            kept = self._take_spare()
            self._device = os.lstat(self.staging).st_dev  # (of the spare's files, kept in it)
        except OSError as exc:
            self._lock.release()
            raise _failed(str(out), _beside(out), exc) from None
        except BaseException:
            self._lock.release()
            raise
        self.stager = Stager(real, self.staging, self.fresh, previous, kept,
                             known.output if known is not None else None)

    def _take_spare(self) -> Spare | None:
        """The staging folder: the spare, where one was kept on this file system; else new."""
        home = self.spare_home
        if home is not None and not self.fresh and os.path.lexists(home):
            try:
                if stat.S_ISDIR(os.lstat(home).st_mode):
                    os.rename(home, self.staging)  # (EXDEV: the cache is on another disk)
                    known = self._known.spare if self._known is not None else None
                    return Spare(str(self.staging), known)
            except OSError:
                pass
            _remove(home, quiet=True)
            _remove(self.staging, quiet=True)
        elif home is not None and os.path.lexists(home):  # (no output to compare it with)
            _remove(home, quiet=True)
        self.staging.mkdir()
        return None

    def still_there(self, path: str, entry: Entry) -> bool:
        """Is the file the last build wrote at `path` still there, unchanged, a plain file in
        real folders (no symbolic link on the way, which a build never follows)?"""
        st = self.stager.folders.file(path)
        return st is not None and st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns

    def keep(self, path: str, entry: Entry) -> None:
        """The page's inputs did not change and the file is in place (`still_there`): link it
        into the new site. (Its path was checked when it was written.)"""
        self.keep_all(((path, entry),), verify=False)

    def keep_all(self, kept: Iterable[tuple[str, Entry]], verify: bool = True) -> set[str]:
        """`keep` each of these files, in one loop (an edit's rebuild keeps all but a few of
        tens of thousands, and the calls of a loop over `still_there` and `keep` cost more
        than their system calls): each that is `still_there`, every one without `verify`.
        Returns the paths of those that were not in place, to be made again."""
        stager = self.stager
        folders = stager.folders
        root, device = folders.root, self._device
        made, spare, entries, stats = stager._made, stager.spare.files, self.entries, self._kept
        complete = folders._complete  # (it knows every file: the session's Layout)
        again: set[str] = set()
        kept_now = 0
        for path, entry in kept:
            folder = path.rpartition("/")[0]
            # Most files are the very file the spare holds at that path (one inode, one
            # device): then which folders the path went through does not matter, since the
            # new site keeps the spare's file, and only its lstat is needed, not its folders'.
            try:
                st = os.lstat(f"{root}/{path}") if path in spare and not complete else None
            except OSError:
                st = None
            if st is None or st.st_ino != spare[path] or st.st_dev != device or \
                    not stat.S_ISREG(st.st_mode):
                st = folders.file(path)  # (any other file: its folders checked too)
            if verify and (st is None or st.st_size != entry.size or
                           st.st_mtime_ns != entry.mtime_ns):
                again.add(path)
                continue
            if path in entries:
                raise ValueError(f"two pages would be written to {path}")
            try:
                if st is None:  # gone, or reached through a link
                    raise FileNotFoundError(errno.ENOENT, "it is gone or not a plain file", path)
                if folder and folder not in made:
                    stager.make(folder)
                if spare.get(path) != st.st_ino:
                    stager.link_output(path, st)
            except OSError as exc:
                raise _failed(str(self.out), N_("cannot keep {path}").format(path=path),
                              exc) from None
            entries[path] = entry
            stats[path] = st
            kept_now += 1
        self.unchanged += kept_now
        return again

    def put(self, path: str, data: bytes, key: str) -> None:
        entry, staged = self.stager.stage(path, data, key)
        self.record(path, entry, staged)

    def record(self, path: str, entry: Entry, staged: bool) -> None:
        """Take note of a file, staged here or by a worker."""
        safe_relative(path)
        if path in self.entries:  # two pages with one address: a bug in the plan, never content
            raise ValueError(f"two pages would be written to {path}")
        self.entries[path] = entry
        if staged:
            self.staged.append(path)
        else:
            self.unchanged += 1

    def discard(self) -> None:
        """The build failed: nothing of it stays, the output is as it was (what was staged may
        be the next build's spare: it trusts none of it)."""
        with contextlib.suppress(OSError):
            self._keep_spare(self.staging)
        self._lock.release()

    def commit(self) -> tuple[WriteReport, Manifest]:
        """Swap the new site in, whole, in one step.

        The output may also hold files of the user's own (a host's `CNAME`, `.well-known/`):
        every name at its top that neither this build nor the last one (by its manifest) wrote
        and that is not a year, `static` or `pagefind` goes into the new site as it is. Inside
        the folders weekgen writes, what this build did not write is gone."""
        out = str(self.out)
        files: dict[str, os.stat_result] = {}
        carried = False
        try:
            for path in self.staged:
                st = files[path] = os.stat(f"{self.staging}/{path}")
                old = self.entries[path]
                self.entries[path] = Entry(old.key, old.digest, st.st_size, st.st_mtime_ns)
            removed = 0
            if not self.fresh:
                self._clear_spare()
                own, carried = self._carry_over()
                removed = self._stale(own)
            folders, kept = self.stager.folders, self._kept
            for path in self.entries:  # the rest are the output's own files, linked
                if path not in files:
                    files[path] = kept.get(path) or folders.file(path) or \
                        os.lstat(f"{self.staging}/{path}")
            _swap(self.staging, self._real)
        except OSError as exc:
            raise _failed(out, N_("cannot put the new site in place of {out}").format(out=out),
                          exc) from None
        # The old site, now beside the output (where the exchange put it, or set aside).
        for tree in (self.staging, beside(self._real, OLD_SUFFIX)):
            if os.path.lexists(tree):
                self._keep_spare(tree)
        if not carried:  # the old output, now the spare, held what its Layout says
            known = self._known
            self.layout = Layout(files, {p: st.st_ino for p, st in known.output.items()}
                                 if known is not None else None)
        self._lock.release()
        return WriteReport(len(self.staged), self.unchanged, removed), self.entries

    def _keep_spare(self, old: Path) -> None:
        """Keep the old site as the next build's staging folder, or delete it."""
        home = self.spare_home
        if home is not None:
            with contextlib.suppress(OSError):
                _remove(home, quiet=True)
                home.parent.mkdir(parents=True, exist_ok=True)
                os.rename(old, home)
                return
        _remove(old, quiet=True)

    def _clear_spare(self) -> None:
        """Out of the staging folder: what the spare held that the new site has not (the user's
        own files at the top of the output come again, fresh, in `_carry_over`)."""
        spare = self.stager.spare
        staging = str(self.staging)
        needed = {path.rpartition("/")[0] for path in self.entries}
        for folder in list(needed):  # and every folder above them
            while folder and (folder := folder.rpartition("/")[0]) not in needed:
                needed.add(folder)
        # (A path may have changed from file to folder or back: what is there now is the new
        # site's. A file below a folder that is now a file went with the folder.)
        for path in spare.files:
            if path not in self.entries and path not in needed:
                with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                    os.unlink(f"{staging}/{path}")
        for folder in sorted(spare.folders - needed, key=lambda f: -f.count("/")):
            if folder not in self.entries and os.path.lexists(f"{staging}/{folder}"):
                _remove(Path(f"{staging}/{folder}"))

    def _carry_over(self) -> tuple[set[str], bool]:
        """Link the user's own files at the top of the output into the new site (see `commit`);
        returns the top-level names that are weekgen's, and whether there were any of the
        user's."""
        own = {p.partition("/")[0] for p in self.entries}
        own.update(p.partition("/")[0] for p in self.previous)
        carried = False
        for entry in os.scandir(self._real):
            name = entry.name
            if name in own or OWN_NAMES.fullmatch(name):
                continue
            carried = True
            target = f"{self.staging}/{name}"
            if entry.is_symlink():  # the user's link, copied as a link: never followed
                os.symlink(os.readlink(entry.path), target)
            elif entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, target, symlinks=True, copy_function=link)
            elif entry.is_file(follow_symlinks=False):
                link(entry.path, target)
        return own, carried

    def _stale(self, own: set[str]) -> int:
        """How many files of the last build this one no longer has."""
        if self.previous:
            return sum(1 for p in self.previous if p not in self.entries)
        stale = 0  # without the last build's manifest: count them in the output
        for entry in os.scandir(self._real):
            if entry.name not in own and not OWN_NAMES.fullmatch(entry.name):
                continue  # the user's
            if not entry.is_dir(follow_symlinks=False):
                stale += entry.name not in self.entries
                continue
            for root, _dirs, files in os.walk(entry.path):
                prefix = Path(root).relative_to(self._real).as_posix() + "/"
                stale += sum(1 for f in files if prefix + f not in self.entries)
        return stale


def recover(out: Path) -> None:
    """Clear, or complete, what an interrupted build left beside `out`: the output then holds
    the whole old site (or the whole new one, when only the deleting of the old was cut off)."""
    old, staging = beside(out, OLD_SUFFIX), beside(out, STAGING_SUFFIX)
    if os.path.lexists(old):
        if os.path.lexists(out):
            _remove(old)
        else:  # stopped between the two renames of `_swap`: back to the old site
            os.rename(old, out)
    if os.path.lexists(staging):
        _remove(staging)


def _check_output(real: Path, out: Path) -> bool:
    """True when there is no output folder yet; WriteFailed when `out` is not one we can
    replace."""
    try:
        st = os.lstat(real)
    except FileNotFoundError:
        return True
    if not stat.S_ISDIR(st.st_mode):
        raise WriteFailed(N_("{out} is a file, not a folder: remove it or build into another "
                             "folder (--out)").format(out=str(out)))
    if not os.access(real, os.W_OK | os.X_OK):
        raise WriteFailed(N_("{out} is read-only: make it writable or build into another "
                             "folder (--out); it was left as it was").format(out=str(out)))
    return False


def _swap(staging: Path, out: Path) -> None:
    """Put the staging folder in place of `out`, in one step where the system can."""
    if not os.path.lexists(out):
        os.rename(staging, out)
    elif not _exchange(staging, out):
        old = beside(out, OLD_SUFFIX)  # (`recover` puts it back if we stop in between)
        os.rename(out, old)
        os.rename(staging, out)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """The C library's renameat2, looked up at the first exchange (the lookup took 15 ms, which
    a build that finds nothing changed need not spend)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library before glibc 2.28
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two folders atomically; False where the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                           _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove(path: Path, quiet: bool = False) -> None:
    """Remove a folder (never what its links point to) or a file; with `quiet`, as much as
    can be removed (read-only folders inside made writable first)."""
    if not os.path.lexists(path):
        return
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
        if os.path.lexists(path):  # read-only folders inside: open them, then again
            for root, dirs, _files in os.walk(path):
                for d in dirs:
                    with contextlib.suppress(OSError):
                        os.chmod(os.path.join(root, d), 0o700, follow_symlinks=False)
            with contextlib.suppress(OSError):
                os.chmod(path, 0o700)
            shutil.rmtree(path, ignore_errors=quiet)
    else:
        os.unlink(path)


_held: set[int] = set()  # the lock files' descriptors this process holds


def _let_go_in_child() -> None:
    """A forked worker does not hold the lock with its parent: killed alone, the parent lets go
    of it at once, not only when its last worker ends."""
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_let_go_in_child)


class _Lock:
    """One build at a time into an output folder. The lock file exists only while a build
    holds it; a build that finds a file removed under it (by the build before, finishing)
    takes the lock on the new one."""

    def __init__(self, path: Path, out: Path) -> None:
        self.path = path
        self.fd: int | None = None
        if fcntl is None:  # pragma: no cover - Windows
            return
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            except OSError as exc:
                raise _failed(str(out), _beside(out), exc) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 20).decode(errors="replace").strip()
                os.close(fd)
                if holder.isdigit():
                    busy = N_("another weekgen build is writing into {out} (process {pid}): "
                              "wait for it to end, then build again").format(out=str(out),
                                                                           pid=holder)
                else:
                    busy = N_("another weekgen build is writing into {out}: wait for it to "
                              "end, then build again").format(out=str(out))
                raise WriteFailed(busy) from None
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd
        _held.add(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)  # before letting go: see the class
            _held.discard(self.fd)
            os.close(self.fd)
            self.fd = None


def _beside(out: Path) -> str:
    return N_("cannot write beside {out}").format(out=str(out))


def _failed(out: str, doing: str, exc: OSError) -> WriteFailed:
    """What the system refused, as a message for the person building (the system's own
    reason as it gives it)."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = N_("free some space and build again")
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        advice = N_("weekgen puts the new site together beside {out}: make its folder "
                    "writable, or build into another folder (--out)").format(out=out)
    elif exc.errno == errno.ENAMETOOLONG:
        advice = N_("a name in the site is longer than the file system allows: shorten its "
                    "slug")
    else:
        advice = N_("build again")
    return WriteFailed(N_("{doing}: {reason}; {out} was left as it was ({advice})").format(
        doing=doing, reason=reason, out=out, advice=advice))
