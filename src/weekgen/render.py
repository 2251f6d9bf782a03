"""Pages from the site model through Jinja2 templates: the only module that imports Jinja2 and
Babel.

Autoescape is on everywhere. The only HTML that templates may print unescaped is editors' Markdown
that went through `markup` (sanitised) and was looked up by the `markdown` filter. Template errors
become problems that name the template file and line.
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Mapping
from datetime import date, time
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal
from markupsafe import Markup

from weekgen.errors import Position, Problem
from weekgen.site import Site, activity_path, group_path, page_path
from weekgen.week import Phase


class MissingMarkup(KeyError):
    """A template asked for Markdown the plan did not declare: a bug in weekgen, not content."""


def template_files(dirs: list[Path]) -> dict[str, Path]:
    """Every template by name; a site's own file wins over the default of the same name."""
    found: dict[str, Path] = {}
    for d in dirs:
        for path in sorted(d.rglob("*")):
            if path.is_file():
                found.setdefault(path.relative_to(d).as_posix(), path)
    return found


def templates_digest(dirs: list[Path]) -> str:
    """Changes whenever any template that could be used changes."""
    h = hashlib.blake2b(digest_size=16)
    for name, path in sorted(template_files(dirs).items()):
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class Renderer:
    """One Jinja2 environment for a build, with the filters the templates use."""

    def __init__(self, template_dirs: list[Path], site: Site,
                 markup: Mapping[str, str], root: Path) -> None:
        config = site.config
        self.config = config
        self.markup = markup
        self.root = root
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            auto_reload=False,
        )
        self.env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
        locale = config.language
        base_path = config.base_path
        base_url = config.base_url
        filters: dict[str, Callable[..., Any]] = {
            "url": lambda path: _url(base_path, path),
            "absolute_url": lambda path: _absolute(base_url, path),
            "markdown": self._markdown,
            "long_date": lambda d: format_date(d, "full", locale=locale),
            "day_month": lambda d: format_date(d, "d MMMM", locale=locale),
            "weekday": lambda d: format_date(d, "EEEE", locale=locale),
            "date_range": lambda a, b: format_interval(a, b, "yMMMMd", locale=locale),
            "hhmm": lambda t: t.strftime("%H:%M") if isinstance(t, time) else "",
            "number": lambda n: format_decimal(n, locale=locale),
            "iso": lambda d: d.isoformat() if isinstance(d, date) else "",
        }
        self.env.filters.update(filters)
        self.env.globals.update(
            site=site, Phase=Phase, activity_path=activity_path, page_path=page_path,
            group_path=group_path,
        )

    def _markdown(self, text: str) -> Markup:
        if not text or not text.strip():
            return Markup("")
        try:
            return Markup(self.markup[text])  # sanitised by markup.render_markdown
        except KeyError:
            raise MissingMarkup(text[:60]) from None

    def render(self, template: str, path: str, context: Mapping[str, Any]) -> str:
        """`path` is the page's own address, for its canonical link and navigation."""
        own = path.removesuffix("index.html")
        return self.env.get_template(template).render(context, path=own)

    def problem(self, exc: Exception, page: str) -> Problem:
        """A template error as a problem at the template's file and line."""
        if isinstance(exc, jinja2.TemplateSyntaxError):
            name = self._relative(exc.filename or exc.name or "templates")
            return Problem(Position(name, exc.lineno), f"template error: {exc.message}",
                           f"while rendering {page}")
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename.endswith((".html", ".xml", ".txt", ".j2"))]
        if frames:
            where = Position(self._relative(frames[-1].filename), frames[-1].lineno or 0)
        else:
            where = Position("templates")
        return Problem(where, f"template error: {exc}", f"while rendering {page}")

    def _relative(self, filename: str) -> str:
        path = Path(filename)
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def _url(base_path: str, path: str) -> str:
    """A link to a page of this site, under the site's sub-path."""
    if path.startswith(("http://", "https://", "mailto:")):
        return path
    return base_path + path.lstrip("/")


def _absolute(base_url: str, path: str) -> str:
    return base_url + path.lstrip("/")
