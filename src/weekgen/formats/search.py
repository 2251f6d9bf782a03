"""Site search that needs no server: Pagefind turns the built pages into a static index.

The index comes in bundles, each a whole Pagefind bundle under `pagefind/<name>/`: one for the
pages of the whole site, one for each edition's own pages (its overviews, days, groups and pages:
`pagefind/2030/`), and its activity pages in a few more, by a hash of their address
(`pagefind/2030-3/`). The search page's script (static/search.js) reads the list of bundles,
loads the first and merges the others into it with Pagefind's multisite merging, and only once a
visitor searches. An edit of an activity changes the keys of its page, of its edition's
overviews and of the home page: three bundles are indexed again, the caller keeps the files of
the others.

This module does no file I/O: the caller hands it the HTML of a bundle's pages and writes the
files it returns. Pagefind indexes them in memory, in its indexing service (the binary of its
PyPI package, `pagefind[bin]`).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import queue
import re
import subprocess
import threading
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar, cast

from weekgen.errors import Position, Problem
from weekgen.fingerprint import fingerprint
from weekgen.wording import N_

BUNDLE = "pagefind/"
LISTING = BUNDLE + "bundles.json"  # the names of the bundles, the first one loaded first
SITE = "site"  # the bundle of the pages outside the editions' folders
ACTIVITY = "activity.html"  # the template of the pages that go in an edition's hashed bundles
# Activity pages per bundle: fewer is less to index again after an edit, more is fewer bundles
# for the search page to merge (up to MOST_SHARDS an edition).
SHARD_SIZE = 250
MOST_SHARDS = 32
# Index a page's own content, not the navigation (the CLI's --root-selector).
SETTINGS: dict[str, Any] = {"root_selector": "main"}
NOT_INDEXED = frozenset({"404.html", "search.html", "redirect.html"})  # by template
# Pagefind's ready-made interfaces: the search page has a small script of its own instead.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.",
          "pagefind-highlight.")

T = TypeVar("T")


class _Pipe(Protocol):
    """A buffered pipe from a process (what Popen gives, typed as a plain IO)."""

    def read1(self, size: int = -1, /) -> bytes: ...


_INSTALL = N_("install it with: pip install 'pagefind[bin]' (weekgen's own installation does)")


class SearchFailed(Exception):
    """Pagefind is missing or could not index a bundle: the site is built without search."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def problem(self) -> Problem:
        return Problem(Position("content/site.yaml"), N_("the site search was not built: "
                                                         "{reason}").format(reason=self.message),
                       self.hint, "warning")


def indexable(path: str, template: str) -> bool:
    """Pages people search for: every HTML page but the 404, the search page and redirects."""
    return path.endswith(".html") and bool(template) and template not in NOT_INDEXED


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def _version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


def edition(path: str) -> str:
    """The year of the edition whose folder holds output path `path`, or SITE."""
    top = path.partition("/")[0]
    return top if len(top) == 4 and top.isdigit() and "/" in path else SITE


def shards(count: int) -> int:
    """How many bundles an edition's `count` activity pages go in: a power of two, so that
    pages move to another bundle only when their number doubles or halves."""
    wanted = min(MOST_SHARDS, max(1, -(-count // SHARD_SIZE)))
    return 1 << (wanted - 1).bit_length()


def _shard(path: str, of: int) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=4).digest(), "big") % of


def folder(name: str) -> str:
    """Where bundle `name`'s files go in the output."""
    return f"{BUNDLE}{name}/"


def bundles(pages: Iterable[tuple[str, str, T]]) -> dict[str, list[tuple[str, T]]]:
    """Pages ((output path, template, anything)) by the bundle they go in, as (output path,
    anything): the site's bundle first, then each edition's, newest first, its own pages' bundle
    before its activities' (the order in which the search page loads them)."""
    found: dict[tuple[str, int], list[tuple[str, T]]] = {}
    activities: dict[str, list[tuple[str, T]]] = {}
    for path, template, value in pages:
        year = edition(path)
        if template == ACTIVITY and year != SITE:
            activities.setdefault(year, []).append((path, value))
        else:
            found.setdefault((year, -1), []).append((path, value))
    for year, members in activities.items():
        of = shards(len(members))
        for page in members:
            found.setdefault((year, _shard(page[0], of)), []).append(page)
    order = sorted(found, key=lambda b: (b[0] != SITE, -int(b[0]) if b[0] != SITE else 0, b[1]))
    return {(year if shard < 0 else f"{year}-{shard}"): sorted(found[year, shard],
                                                                 key=lambda p: p[0])
            for year, shard in order}


def index_key(html: bytes) -> str:
    """A fingerprint of what Pagefind reads of a page: its `<html>` tag (the language) and its
    `<main>` (SETTINGS' root) without the elements marked `data-pagefind-ignore`. Lists show
    activities as ignored cards, so an edit of one activity changes the key of its own page
    only, and only its bundle is indexed again. Where the markup is not as the theme writes it
    (no `<main>`, an ignored element that is never closed, or one that holds filters, metadata
    or sort keys, which Pagefind reads even there) the whole page counts."""
    start, end = html.find(b"<main"), html.rfind(b"</main>")
    top = html.find(b"<html")
    if start < 0 or end < start or top < 0:
        return fingerprint(html)
    parts = [html[top:html.find(b">", top) + 1]]
    main = html[start:end]
    done = 0
    while (at := main.find(b" data-pagefind-ignore", done)) >= 0:
        begin = main.rfind(b"<", 0, at)
        name = _TAG.match(main, begin + 1)
        close = _closing(main, begin, name.group()) if name else None
        if close is None or _READ_ANYWAY.search(main, begin, close):
            return fingerprint(html)
        parts.append(main[done:begin])
        done = close
    parts.append(main[done:])
    return fingerprint(b"".join(parts))


_TAG = re.compile(rb"[a-z][a-z0-9]*")
_READ_ANYWAY = re.compile(rb"data-pagefind-(?:filter|meta|sort|index-attrs|weight)")


def _closing(html: bytes, begin: int, name: bytes) -> int | None:
    """Where the element `name` that opens at `begin` ends (after its end tag), or None."""
    depth = 0
    for tag in _tags(name).finditer(html, begin):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return None


@functools.cache
def _tags(name: bytes) -> re.Pattern[bytes]:
    """The start and end tags of elements `name`."""
    return re.compile(rb"<(/?)" + name + rb"[\s>]")


def bundle_key(pages: Sequence[tuple[str, str]]) -> str:
    """Changes when any page of a bundle (by its `index_key`), its set of pages or Pagefind
    changes."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_version()}\0{sorted(SETTINGS.items())}\0".encode())
    for path, key in sorted(pages):
        h.update(f"{path}\0{key}\0".encode())
    return h.hexdigest()


def listing(names: Iterable[str]) -> bytes:
    """The search page's list of bundles (LISTING), in the order given."""
    return json.dumps({"bundles": list(names)}).encode() + b"\n"


def url(path: str) -> str:
    """A page's address below the site's root, as Pagefind gives it to the search page
    (which puts the site's base path in front)."""
    return "/" + path.removesuffix("index.html")


class Indexer:
    """One indexing service for all the bundles of a build: starting Pagefind costs about as
    much as indexing a bundle's pages."""

    def __init__(self) -> None:
        self._service = _Service()

    def __enter__(self) -> Indexer:
        self._service.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._service.__exit__(*exc)

    def bundle(self, name: str, pages: Iterable[tuple[str, bytes]]) -> dict[str, bytes]:
        """The files of bundle `name` ({output path: bytes}, under `folder(name)`) that index
        `pages` ((output path, HTML) each), or SearchFailed."""
        service = self._service
        index = service.call({"type": "NewIndex", "config": SETTINGS})["index_id"]
        service.call_all({"type": "AddFile", "index_id": index, "url": url(path),
                          "file_contents": html.decode("utf-8"), "file_path": None}
                         for path, html in pages)
        files = service.call({"type": "GetFiles", "index_id": index})["files"]
        service.call({"type": "DeleteIndex", "index_id": index})  # its memory, for the next
        prefix = folder(name)
        return {prefix + f["path"]: base64.b64decode(f["content"]) for f in sorted(
            files, key=lambda f: str(f["path"])) if not str(f["path"]).startswith(UNUSED)}


def index_bundles(work: Sequence[tuple[str, Iterable[tuple[str, bytes]]]],
                  services: int = 1) -> list[dict[str, bytes]]:
    """The files of each bundle of `work` ((name, pages) as Indexer.bundle takes them), in its
    order. A service indexes on one core: up to `services` of them run at once, each taking the
    next bundle when it is done with one. SearchFailed (or whatever else stopped one) from the
    first that failed; the others then stop at their next bundle."""
    results: list[dict[str, bytes]] = [{} for _ in work]
    todo = iter(range(len(work)))
    lock = threading.Lock()
    failed: list[BaseException] = []

    def serve() -> None:
        try:
            with Indexer() as indexer:
                while not failed:
                    with lock:
                        i = next(todo, None)
                    if i is None:
                        return
                    name, pages = work[i]
                    results[i] = indexer.bundle(name, pages)
        except BaseException as exc:  # raised again below, in the caller's thread
            failed.append(exc)

    count = min(services, len(work))
    if count <= 1:
        if work:
            serve()
    else:
        threads = [threading.Thread(target=serve) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if failed:
        raise failed[0]
    return results


class _Service:
    """Pagefind's indexing service (`pagefind --service`), one request and its reply at a time.

    Its messages are JSON, base64-encoded, each ended by a comma. Pagefind's own Python wrapper
    (pagefind.index) reads one reply per tenth of a second and none over 2 MiB, where a year's
    bundle is thousands of replies and several megabytes: the binary it finds is run here
    directly, with the same protocol."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = bytearray()
        self._id = 0

    def __enter__(self) -> _Service:
        if not available():
            raise SearchFailed(N_("Pagefind is not installed"), _INSTALL)
        from pagefind.service import get_executable  # its asyncio only when indexing

        binary = get_executable()
        if binary is None:
            raise SearchFailed(N_("Pagefind's program is not installed"), _INSTALL)
        try:
            self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchFailed(N_("Pagefind could not start: {reason}").format(
                reason=str(exc))) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        process = self._process
        if process is None:
            return
        assert process.stdin is not None and process.stdout is not None
        with contextlib.suppress(OSError):  # (when it ended already)
            process.stdin.close()  # the service ends when its input does
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and return its reply's payload; SearchFailed on an error."""
        self._send(payload)
        return self._answer(self._id)

    def call_all(self, payloads: Iterable[dict[str, Any]]) -> None:
        """Send requests while the service answers the ones before (a thread writes them: the
        service works on the next page while this process reads the last reply, and neither
        waits for the other's pipe); SearchFailed on the first error."""
        sent: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        failed: list[SearchFailed] = []

        def send_all() -> None:
            try:
                for payload in payloads:
                    self._send(payload)
                    sent.put(self._id)
            except SearchFailed as exc:
                failed.append(exc)
            finally:
                sent.put(None)

        writer = threading.Thread(target=send_all, daemon=True)
        writer.start()
        try:
            while (message_id := sent.get()) is not None:
                self._answer(message_id)
        finally:
            writer.join()
        if failed:
            raise failed[0]

    def _send(self, payload: dict[str, Any]) -> None:
        process = self._process
        assert process is not None and process.stdin is not None
        self._id += 1
        message = json.dumps({"message_id": self._id, "payload": payload}).encode()
        try:
            process.stdin.write(base64.b64encode(message) + b",")
            process.stdin.flush()
        except OSError as exc:
            raise SearchFailed(N_("Pagefind stopped: {reason}").format(reason=str(exc))) from exc

    def _answer(self, message_id: int) -> dict[str, Any]:
        process = self._process
        assert process is not None
        while True:
            reply = self._read(process)
            if reply.get("message_id") in (message_id, None):
                break
        answer: dict[str, Any] = reply.get("payload") or {}
        if answer.get("type") == "Error" or reply.get("message_id") is None:
            raise SearchFailed(N_("Pagefind failed: {reason}").format(
                reason=str(answer.get("message", answer))))
        return answer

    def _read(self, process: subprocess.Popen[bytes]) -> dict[str, Any]:
        assert process.stdout is not None
        buffer = self._buffer
        start = 0
        while (end := buffer.find(b",", start)) < 0:
            start = len(buffer)
            chunk = cast(_Pipe, process.stdout).read1(1 << 20)  # what is there, up to 1 MiB
            if not chunk:
                raise SearchFailed(N_("Pagefind stopped (exit code {code})").format(
                    code=process.poll()))
            buffer += chunk
        message = bytes(buffer[:end])
        del buffer[:end + 1]
        try:
            reply: dict[str, Any] = json.loads(base64.b64decode(message))
        except ValueError as exc:
            raise SearchFailed(N_("Pagefind's reply was not understood")) from exc
        return reply
