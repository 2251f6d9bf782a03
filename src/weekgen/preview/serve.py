"""The live preview: build, serve on localhost, rebuild and reload the browser on every change.

The preview builds into `.weekgen-cache/preview/`, never into `public/`. A build that fails does not
leave a stale page in the browser: every page shows the errors (file, line, the offending line)
until the content is fixed, and the server never dies on bad content. `Preview.rebuild()` and the
WSGI app `Preview.app` are plain methods, tested without a browser or a server.

This is the only module that imports livereload. livereload serves the app and tells the browsers
to reload; finding changes is ours (`Changes`, watching.py). livereload's own watcher polls every
0.8 s, runs one rebuild per changed file it meets (one per poll) and drops any reload within 3 s
of the previous one, so a quick second edit never reached the browser. `Changes` is woken by
inotify (polling where it cannot be had), waits until a burst of changes has settled (MkDocs'
debounce) and then `rebuild()` runs once; after every rebuild, failed or not, the browsers reload
at once: a failed one to show its errors. It watches the site's content/, templates/ and static/,
and the default theme.

What the editor should know is where they look: the errors on every page, the last build's
warnings in a panel at the top of every page (and in the terminal), both in the site's language
(panel.py). A page that moved while it was open (an activity's new title, a page file renamed)
is followed: its old address redirects to the new one, so the reload after the rebuild lands
there rather than on "Pagina niet gevonden".
"""

from __future__ import annotations

import difflib
import errno
import mimetypes
import os
import re
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.server import LiveScriptContainer
from livereload.watcher import Watcher
from tornado import web
from tornado.ioloop import IOLoop

from weekgen.build import build
from weekgen.engine.session import Session
from weekgen.errors import BuildFailed, Problem, Problems, UsageError, WriteFailed
from weekgen.fingerprint import fingerprint
from weekgen.messages import said, shown, tool_texts
from weekgen.options import BuildOptions, BuildReport
from weekgen.preview import panel, timetravel
from weekgen.preview.panel import Texts, error_page
from weekgen.preview.watching import Changes
from weekgen.read.project import Project, default_theme_dir
from weekgen.read.records import read_site_config
from weekgen.read.sources import compose_yaml, read_source
from weekgen.wording import N_

StartResponse = Callable[..., Any]

WATCHED = ("content", "templates", "static", "i18n")  # i18n: the site's own catalogues
VIEWED_KEPT = 32  # the pages last served, followed when they move
HASHED = re.compile(r"\.([0-9a-f]{8})(?:\.[^./]+)?$")  # read/theme.py's fingerprints()


@dataclass(frozen=True)
class Response:
    status: str
    kind: str  # Content-Type
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class Preview:
    """The state of the preview: the last build's outcome, and how to serve it."""

    def __init__(self, project: Project, options: BuildOptions, out: Path | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.project = project
        self.options = options
        self.clock = clock  # read at every rebuild, so that a preview left running moves on
        self.travel: date | None = None  # the day chosen in the time-travel bar
        self.asked: date | None = None  # the day the last rebuild was for (None: not known)
        self.shown: date | None = None  # the day the last good build shows
        self.weeks: tuple[timetravel.WeekDates, ...] = ()
        self.timezone = ""
        self.out = out or project.cache_dir / "preview"
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # of the last good build, shown in the panel
        self.crash: str | None = None
        self.texts = Texts(site_language(project))  # then the language of each good build
        self.viewed: dict[str, None] = {}  # page addresses served, the latest last
        self.moved: dict[str, str] = {}  # old address -> new one, of pages that were viewed
        self.lock = threading.Lock()  # a request never sees a build half done
        self.session = Session()  # what one rebuild leaves for the next: only edits cost time

    def rebuild(self) -> BuildReport | None:
        """Build once; remember the errors instead of raising them. Never raises on content."""
        with self.lock:
            options = self._options()
            self.asked = options.today
            before = self._siblings()
            try:
                report = build(self.project, self.out, options, session=self.session)
            except BuildFailed as exc:
                self.problems, self.crash = exc.problems, None
                say = tool_texts(self.texts.language)
                errors = sum(1 for p in exc.problems if p.severity == "error")
                print("weekgen: " + say.plural(
                    "{count} error in the content; nothing was written",
                    "{count} errors in the content; nothing was written", errors),
                      file=sys.stderr)
                for p in exc.problems:
                    print(shown(p, say), file=sys.stderr)
                return None
            except WriteFailed as exc:  # the disk, not the content: say so, keep serving
                first = exc.args[0] if len(exc.args) == 1 else str(exc)
                self.problems, self.crash = [], said(first, tool_texts(self.texts.language))
                print(f"weekgen: {self.crash}", file=sys.stderr)
                return None
            except Exception as exc:  # a bug in weekgen: show it, keep serving
                self.problems, self.crash = [], f"{type(exc).__name__}: {exc}"
                traceback.print_exc()
                return None
            self.problems, self.crash, self.warnings = [], None, list(report.warnings)
            self.shown, self.weeks, self.timezone = report.today, report.weeks, report.timezone
            self.asked = self.asked or report.today
            if report.language and report.language != self.texts.language:
                self.texts = Texts(report.language)
            self._follow(before)
            for warning in report.warnings:
                print(shown(warning, tool_texts(self.texts.language)), file=sys.stderr)
            if report.warnings:
                count = len(report.warnings)
                print("weekgen: " + self.texts.ngettext(
                    "%(n)s waarschuwing, ook bovenaan elke pagina van het voorbeeld",
                    "%(n)s waarschuwingen, ook bovenaan elke pagina van het voorbeeld", count),
                      file=sys.stderr)
            say = tool_texts(self.texts.language)
            summary = say(N_("{pages} files: {written} written, {unchanged} unchanged, "
                             "{removed} removed in {seconds:.2f} s"), pages=report.pages,
                          written=report.written, unchanged=report.unchanged,
                          removed=report.removed, seconds=report.seconds)
            print("weekgen: " + self.texts._("opnieuw gebouwd: %(summary)s", summary=summary),
                  file=sys.stderr)
            return report

    def _siblings(self) -> dict[str, set[str]]:
        """The folders next to each viewed page that still exists, by the page's folder."""
        found: dict[str, set[str]] = {}
        for path in self.viewed:
            parent = path.rstrip("/").rpartition("/")[0] + "/"
            if parent not in found and (self.out / path.lstrip("/") / "index.html").is_file():
                found[parent] = _folders(self.out / parent.lstrip("/"))
        return found

    def _follow(self, before: dict[str, set[str]]) -> None:
        """Each viewed page gone since `before`, to where it went: the one page that appeared
        beside it (or of several, the one with the closest name)."""
        for path in list(self.viewed):
            parent = path.rstrip("/").rpartition("/")[0] + "/"
            if parent not in before or (self.out / path.lstrip("/") / "index.html").is_file():
                continue
            new = sorted(_folders(self.out / parent.lstrip("/")) - before[parent])
            name = path.rstrip("/").rpartition("/")[2]
            if len(new) > 1:
                new = difflib.get_close_matches(name, new, n=1, cutoff=0.4)
            if not new:
                continue
            target = f"{parent}{new[0]}/"
            self.moved = {old: (target if to == path else to) for old, to in self.moved.items()}
            self.moved[path] = target
            self.moved.pop(target, None)  # renamed back: the page is there again
            del self.viewed[path]
            print(f"weekgen: {path} " + self.texts._("is nu %(path)s", path=target),
                  file=sys.stderr)

    def _options(self) -> BuildOptions:
        """This rebuild's options: the day chosen in the bar, --today, or today by the clock."""
        options = self.options
        if self.clock is not None:
            options = replace(options, now=self.clock())
        if self.travel is not None:
            return replace(options, today=self.travel, lookback=False)
        if options.today is None and not options.lookback and options.now and self.timezone:
            options = replace(options, today=options.now.astimezone(
                ZoneInfo(self.timezone)).date())
        return options

    def _now(self) -> datetime:
        return self.clock() if self.clock is not None else self.options.now or datetime.now()

    def travel_to(self, day: date | None) -> None:
        """Show the site as on `day` (None: as on today again), rebuilding when that changes."""
        if day != self.travel:
            self.travel = day
            self.rebuild()

    def catch_up(self) -> None:
        """Rebuild when the day the preview should show is no longer the one it was built for:
        a preview left running overnight moves to the new day at the next page asked for."""
        if self.travel is None and self.options.today is None and not self.options.lookback \
                and self.clock is not None and self.timezone \
                and self._options().today != self.asked:
            self.rebuild()

    @property
    def failed(self) -> bool:
        return bool(self.problems) or self.crash is not None

    def app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """WSGI: the built files, or the error page while the content has errors."""
        method = environ.get("REQUEST_METHOD", "GET")
        if method in ("GET", "HEAD"):
            r = self.respond(_request_path(environ), environ)
        else:
            r = Response("405 Method Not Allowed", "text/plain; charset=utf-8",
                         b"Method not allowed", (("Allow", "GET, HEAD"),))
        cache = () if any(k == "Cache-Control" for k, _ in r.headers) else (
            ("Cache-Control", "no-store"),)
        start_response(r.status, [("Content-Type", r.kind), ("Content-Length", str(len(r.body))),
                                  *cache, *r.headers])
        return [b""] if method == "HEAD" else [r.body]

    def respond(self, path: str | None, environ: dict[str, Any]) -> Response:
        """The answer to a GET of `path` (None: not a path we can serve)."""
        if _wants_page(path, environ):
            query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
            if "today" in query:
                try:
                    self.travel_to(timetravel.parse_day(query["today"][-1]))
                except ValueError:
                    text = f"?today={query['today'][-1]} is not a day: write YYYY-MM-DD"
                    return Response("400 Bad Request", "text/plain; charset=utf-8",
                                    text.encode())
            self.catch_up()
        response = self._respond(path, environ)
        if response.kind.startswith("text/html") and response.body:
            bar = self.bar(path or "/") + self.panel()
            response = replace(response, body=timetravel.inject(response.body, bar))
            if response.status.startswith("200") and path is not None and path.endswith("/"):
                with self.lock:  # a rebuild reads them
                    self.viewed.pop(path, None)
                    self.viewed[path] = None
                    while len(self.viewed) > VIEWED_KEPT:
                        del self.viewed[next(iter(self.viewed))]
        return response

    def bar(self, path: str) -> str:
        """The time-travel bar for a page: the preview's pages have it, a build never."""
        shown = self.travel or self.shown or self.asked or self._now().date()
        week = timetravel.week_for(path, shown, self.weeks)
        return timetravel.bar(shown, self.travel is not None, week, self.texts)

    def panel(self) -> str:
        """The warnings panel for a page ('' without warnings, or while the error page shows)."""
        return "" if self.failed else panel.warnings_panel(self.warnings, self.texts)

    def _respond(self, path: str | None, environ: dict[str, Any]) -> Response:
        with self.lock:
            if self.failed and _wants_page(path, environ):
                return Response("500 Internal Server Error", "text/html; charset=utf-8",
                                error_page(self.problems, self.crash, self.texts).encode())
            file = self._file_for(path) if path is not None else None
            if path is not None and file is None and path in self.moved:
                query = environ.get("QUERY_STRING", "")
                where = _wsgi_str(self.moved[path] + (f"?{query}" if query else ""))
                return Response("307 Temporary Redirect", "text/plain; charset=utf-8", b"",
                                (("Location", where),))
            if path is None or file is None:
                missing = self.out / "404.html"
                body = missing.read_bytes() if missing.is_file() else b"Not found"
                kind = "text/html" if missing.is_file() else "text/plain"
                return Response("404 Not Found", f"{kind}; charset=utf-8", body)
            if file.name == "index.html" and not path.endswith(("/", "index.html")):
                query = environ.get("QUERY_STRING", "")
                where = _wsgi_str(path + "/" + (f"?{query}" if query else ""))
                return Response("301 Moved Permanently", "text/plain; charset=utf-8", b"",
                                (("Location", where),))
            data = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        return Response("200 OK", kind, data, _kept(path, data))

    def _file_for(self, path: str) -> Path | None:
        """The file for a URL path, inside the output folder only; a folder gives its index."""
        root = self.out.resolve()
        try:
            target = (root / path.lstrip("/")).resolve()
            if not target.is_relative_to(root):
                return None
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None
        except (OSError, ValueError):  # a name too long, a NUL byte
            return None


def _kept(path: str, data: bytes) -> tuple[tuple[str, str], ...]:
    """A static file under its content-hashed name (style.3f2a1c9b.css) may be kept by the
    browser: a change gives it a new name. Every page links its stylesheet so, and a reload
    that fetched it again waited for it before it showed anything (10-15 ms of each reload).
    Everything else is asked for again every time (no-store)."""
    match = HASHED.search(path)
    if match and path.startswith("/static/") and fingerprint(data)[:8] == match.group(1):
        return (("Cache-Control", "max-age=31536000, immutable"),)
    return ()


def _request_path(environ: dict[str, Any]) -> str | None:
    """PATH_INFO as text: WSGI hands over the URL's bytes as latin-1 (PEP 3333)."""
    raw = environ.get("PATH_INFO", "/") or "/"
    try:
        return str(raw.encode("latin-1").decode("utf-8"))
    except UnicodeError:
        return None


def _wsgi_str(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def _wants_page(path: str | None, environ: dict[str, Any]) -> bool:
    """Would a browser show this response as a page (rather than use it as a stylesheet...)?"""
    if path is not None and path.endswith(("/", ".html")):
        return True
    return "text/html" in environ.get("HTTP_ACCEPT", "")


def site_language(project: Project) -> str:
    """The language site.yaml names, for the error page of a preview whose first build fails
    (later, the language of the last good build); English when it cannot be read."""
    problems = Problems()
    source = read_source(project.root, "content/site.yaml", problems)
    if source is None:
        return "en"
    node = compose_yaml(source, problems)
    config = read_site_config(node, source.path, problems) if not problems.errors else None
    return config.language if config is not None else "en"


def _folders(folder: Path) -> set[str]:
    try:
        return {e.name for e in os.scandir(folder) if e.is_dir()}
    except OSError:
        return set()


def watch(changes: Changes, on_change: Callable[[set[str]], None],
          stop: threading.Event) -> threading.Thread:
    """Call `on_change` once per burst of changes, in a thread of its own, until `stop` is set."""

    def run() -> None:
        while (found := changes.wait(stop)) is not None:
            try:
                on_change(found)
            except Exception:  # never let the preview stop watching
                traceback.print_exc()

    thread = threading.Thread(target=run, name="weekgen-watch", daemon=True)
    thread.start()
    return thread


class _LiveWatcher(Watcher):  # type: ignore[misc]
    """Takes the place of livereload's poller: rebuild once per burst, then reload the browsers."""

    def __init__(self, preview: Preview, changes: Changes) -> None:
        super().__init__()
        self.preview = preview
        self.changes = changes
        self.stop = threading.Event()
        for folder in changes.folders:  # for livereload's log; without tasks it would watch cwd
            self.watch(str(folder))

    def start(self, callback: Callable[[], None]) -> bool:
        """Called on the server's loop; True tells livereload not to poll by itself."""
        loop = IOLoop.current()
        root = self.preview.project.root.resolve()

        def rebuild(found: set[str]) -> None:
            names = sorted(str(_shown(Path(p), root)) for p in found)
            texts = self.preview.texts
            listed = ", ".join(names[:3])
            if len(names) > 3:
                listed = texts._("%(names)s en nog %(count)s", names=listed,
                                 count=len(names) - 3)
            print("weekgen: " + texts._("gewijzigd: %(names)s", names=listed), file=sys.stderr)
            self.preview.rebuild()
            loop.add_callback(LiveReloadHandler.reload_waiters, "*")

        watch(self.changes, rebuild, self.stop)
        return True


class _HeadersOnly:
    """A connection that sends a response's headers and drops its body: for a HEAD."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def write_headers(self, start_line: Any, headers: Any, chunk: bytes | None = None) -> Any:
        return self.connection.write_headers(start_line, headers)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


class _Container(LiveScriptContainer):  # type: ignore[misc]
    """livereload's container, but a HEAD has the headers of a GET, its Content-Length too:
    livereload sets the length of the body it sends (none, for a HEAD), after it has added its
    script to a page."""

    def __call__(self, request: Any) -> None:
        if request.method == "HEAD":
            request.method = "GET"  # the whole answer, for its length, and not sent
            request.connection = _HeadersOnly(request.connection)
        super().__call__(request)


class _Server(Server):  # type: ignore[misc]
    def get_web_handlers(self, script: str) -> list[Any]:
        return [(r".*", web.FallbackHandler, {"fallback": _Container(self.app, script)})]


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def watched_folders(project: Project) -> list[Path]:
    """The site's content/, templates/ and static/ (once they exist), and the default theme."""
    folders = [project.root / name for name in WATCHED]
    for theme in (default_theme_dir("templates"), default_theme_dir("static")):
        if not any(theme.resolve() == f.resolve() for f in folders):
            folders.append(theme)
    return folders


def serve(project: Project, options: BuildOptions, host: str = "127.0.0.1",
          port: int = 8000, clock: Callable[[], datetime] | None = None) -> int:
    """Run the preview until interrupted (Ctrl+C or SIGTERM). `clock` tells the time at every
    rebuild (without it, `options.now` stays the time)."""
    url_host = f"[{host}]" if ":" in host else host
    options = replace(options, base_url=f"http://{url_host}:{port}/")
    preview = Preview(project, options, clock=clock)
    # before the build: catch edits made during it
    changes = Changes(watched_folders(project), git=project.root)
    preview.rebuild()
    watcher = _LiveWatcher(preview, changes)
    server = _Server(app=preview.app, watcher=watcher)
    url = f"http://{url_host}:{port}/"
    print("weekgen: " + preview.texts._("voorbeeld op %(url)s (Ctrl+C om te stoppen)", url=url),
          file=sys.stderr)
    previous = _stop_on_sigterm()
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror}; "
                         "choose another with --port N") from None
    finally:
        watcher.stop.set()
        changes.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _stop_on_sigterm() -> Any:
    """Let SIGTERM stop the server like Ctrl+C does; the previous handler, to restore."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)
