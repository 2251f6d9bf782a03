"""The live preview: build, serve on localhost, rebuild and reload the browser on every change.

The preview builds into `.weekgen-cache/preview/`, never into `public/`. A build that fails does not
leave a stale page in the browser: every page shows the errors (file, line, the offending line)
until the content is fixed, and the server never dies on bad content. `rebuild()` and the WSGI app
are plain functions of their own, tested without a browser; livereload only watches and reloads.
"""

from __future__ import annotations

import html
import mimetypes
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from weekgen.build import BuildOptions, BuildReport, build
from weekgen.errors import BuildFailed, Problem
from weekgen.project import Project

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class Preview:
    """The state of the preview: the last build's outcome, and how to serve it."""

    def __init__(self, project: Project, options: BuildOptions, out: Path | None = None) -> None:
        self.project = project
        self.options = options
        self.out = out or project.cache_dir / "preview"
        self.problems: list[Problem] = []
        self.crash: str | None = None
        self.lock = threading.Lock()

    def rebuild(self) -> BuildReport | None:
        """Build once; remember the errors instead of raising them. Never raises on content."""
        with self.lock:
            try:
                report = build(self.project, self.out, self.options)
            except BuildFailed as exc:
                self.problems, self.crash = exc.problems, None
                print(f"weekgen: {exc}", file=sys.stderr)
                for p in exc.problems:
                    print(p, file=sys.stderr)
                return None
            except Exception as exc:  # a bug in weekgen: show it, keep serving
                self.problems, self.crash = [], f"{type(exc).__name__}: {exc}"
                traceback.print_exc()
                return None
            self.problems, self.crash = [], None
            print(f"weekgen: rebuilt: {report.summary()}", file=sys.stderr)
            return report

    @property
    def failed(self) -> bool:
        return bool(self.problems) or self.crash is not None

    def app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """WSGI: the built files, or the error page while the content has errors."""
        path = environ.get("PATH_INFO", "/") or "/"
        is_page = path.endswith(("/", ".html"))
        if self.failed and is_page:
            return _respond(start_response, "500 Internal Server Error", "text/html; charset=utf-8",
                            error_page(self.problems, self.crash).encode())
        file = self._file_for(path)
        if file is None:
            missing = self.out / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
            return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", body)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        return _respond(start_response, "200 OK", kind, file.read_bytes())

    def _file_for(self, path: str) -> Path | None:
        root = self.out.resolve()
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None


def _respond(start_response: StartResponse, status: str, kind: str,
             body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


def error_page(problems: list[Problem], crash: str | None = None) -> str:
    """A page of its own (not the site's templates, which may be what is broken)."""
    items = []
    for p in problems:
        if p.severity != "error":
            continue
        line = f"<pre>{html.escape(p.source_line.rstrip())}</pre>" if p.source_line else ""
        hint = f"<p class='hint'>{html.escape(p.hint)}</p>" if p.hint else ""
        items.append(f"<li><p><code>{html.escape(str(p.position))}</code>: "
                     f"{html.escape(p.message)}</p>{line}{hint}</li>")
    if crash:
        items.append(f"<li><p>weekgen itself failed: {html.escape(crash)}</p></li>")
    count = len(items)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>weekgen: {count} error{'s' if count != 1 else ''}</title>
<style>body{{font:1rem/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a}}h1{{color:#a30000}}li{{margin-bottom:1rem}}pre{{background:#f4f4f4;padding:.5rem;
overflow-x:auto}}.hint{{color:#4a4a4a}}</style></head>
<body><main><h1 id="weekgen-errors">The site could not be built</h1>
<p>Fix the {'errors' if count != 1 else 'error'} below and save: this page reloads by itself.</p>
<ol class="weekgen-errors">{''.join(items)}</ol></main></body></html>
"""


def serve(project: Project, options: BuildOptions, host: str = "127.0.0.1",
          port: int = 8000) -> int:
    """Run the preview until interrupted."""
    from livereload import Server

    options = replace(options, base_url=f"http://{host}:{port}/")
    preview = Preview(project, options)
    preview.rebuild()
    server = Server(app=preview.app)
    for folder in ("content", "templates", "static"):
        if (project.root / folder).is_dir():
            server.watch(str(project.root / folder), preview.rebuild, delay=None)
    print(f"weekgen: previewing on http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0
