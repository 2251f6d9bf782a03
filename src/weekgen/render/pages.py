"""Pages from the site model through Jinja2 templates: the only module that imports Jinja2 and
Babel.

Autoescape is on everywhere. The only HTML that templates may print unescaped is editors' Markdown
that went through `markup` (sanitised) and was looked up by the `markdown` filter. Template errors
become problems that name the template file and line.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import hashlib
import re
import traceback
from collections.abc import Callable, Mapping, MutableMapping
from datetime import date, time
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from weekgen.errors import Position, Problem
from weekgen.formats import seo, share
from weekgen.messages import translations
from weekgen.model import links
from weekgen.model.config import OwnCatalogue, SiteConfig
from weekgen.model.content import Activity, Page, phase_text
from weekgen.model.media import placeholder_video
from weekgen.model.site import (
    Day,
    Site,
    Week,
    across_path,
    activity_path,
    group_path,
    page_path,
)
from weekgen.model.slugs import slugify
from weekgen.model.week import Phase
from weekgen.render.pictures import PictureSizes
from weekgen.wording import N_

LONG_DATE = "EEEE d MMMM y"  # 'maandag 15 november 2021', 'Monday 15 November 2021'


class MissingMarkup(KeyError):
    """A template asked for Markdown the plan did not declare: a bug in weekgen, not content."""


class SiteTexts(gettext.NullTranslations):
    """The theme's interface text with the site's own words over it: site.yaml's `texts` by the
    theme's (Dutch) text, then its catalogue's (i18n/<language>.po, plurals too), and its word
    for an edition in place of 'Week' everywhere else. `texts:` wins over the catalogue for the
    text both give: it is the nearer, and the one an editor changes in passing.

    A translation is Markup to the templates (the catalogues are the theme's own), so the site's
    words are escaped here: they are editors' text."""

    def __init__(self, catalog: gettext.NullTranslations, texts: Mapping[str, str],
                 word: str, article: str = "de", own: OwnCatalogue | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.texts = dict(texts)
        self.word = word
        self.article = article
        entries = own.texts if own is not None else ()
        self.own = {t.text: t.words[0] for t in entries if not t.plural and t.words[0]}
        self.own_plurals = {t.text: t.words for t in entries if t.plural}
        self.plural = gettext.c2py(own.plural) if own is not None else _not_one

    def _own(self, message: str, translated: str, site: str = "") -> str:
        found = self.texts.get(message, site or None)
        if found is not None:
            return str(escape(found))
        if self.word == "Week":
            return translated
        word = str(escape(self.word))
        if self.article != "de":  # Dutch 'de Week' becomes 'het Festival'
            translated = re.sub(r"\b([Dd])e Week\b", lambda m: (
                self.article.capitalize() if m.group(1) == "D" else self.article)
                + " " + word, translated)
        return re.sub(r"\bWeek\b", lambda _: word, translated)

    def gettext(self, message: str) -> str:
        return self._own(message, self.catalog.gettext(message), self.own.get(message, ""))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        shown = msgid1 if n == 1 else msgid2
        forms = self.own_plurals.get(msgid1, ())
        form = self.plural(n)
        site = forms[form] if form < len(forms) else self.own.get(shown, "")
        return self._own(shown, self.catalog.ngettext(msgid1, msgid2, n), site)


def _not_one(n: int) -> int:
    return int(n != 1)


def site_texts(config: SiteConfig) -> gettext.NullTranslations:
    """The interface text of `config`'s site: its language's catalogue, with its own words."""
    catalog = translations(config.language)
    if not config.texts and config.edition_word == "Week" and config.catalogue is None:
        return catalog
    return SiteTexts(catalog, dict(config.texts), config.edition_word, config.edition_article,
                     config.catalogue)


class _Broken:
    """A template that could not be loaded, in place of its module: the error comes where it is
    used, so that it is reported once a page, at the template's own line."""

    def __init__(self, error: jinja2.TemplateError) -> None:
        self.error = error

    def __getattr__(self, name: str) -> Any:
        raise self.error


def _gettext(catalog: gettext.NullTranslations) -> Callable[..., Markup]:
    """Jinja2's newstyle `_()` and `{% trans %}` as its i18n extension makes them (autoescape
    on): the translation as Markup, %-formatted with the variables escaped, even when there
    are none. Called directly instead of through two template context calls, and each string
    without variables translated once: a page has a dozen of them, and Jinja2's way was a
    fifth of an activity page's time."""

    @functools.lru_cache(maxsize=1024)
    def constant(string: str) -> Markup:
        return Markup(catalog.gettext(string)) % {}

    def translate(string: str, **variables: Any) -> Markup:
        if not variables:
            return constant(string)
        return Markup(catalog.gettext(string)) % variables

    return translate


def compile_settings(config: SiteConfig) -> str:
    """What the compiled templates depend on besides their source: Jinja2 works out a filter
    applied to a constant while it compiles (`{{ 'zoeken/'|url }}` becomes '/week/zoeken/'), so
    every setting a filter reads is in the code it keeps. Compiled templates are kept per these
    settings, or a build for another address would link to the last one's (as it did)."""
    return hashlib.blake2b(repr((config.base_path, config.base_url, config.language,
                                 config.texts, config.catalogue, config.edition_word,
                                 config.edition_article)).encode(),
                           digest_size=8).hexdigest()


class CompiledStore(Protocol):
    """Where compiled templates are kept between builds (the engine's cache)."""

    def load(self, key: str) -> bytes | None: ...

    def dump(self, key: str, data: bytes) -> None: ...


class _Context(jinja2.runtime.Context):
    """A template's context that calls the environment's own plain functions (`_()`, the
    addresses, the list entries: a few dozen calls a page) directly: Jinja2 asks each callable
    three times whether it wants the context passed first."""

    @jinja2.utils.internalcode
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        environment: Any = __self.environment
        if environment.plain.get(id(__obj)) is not __obj:
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja2 has it
            return environment.undefined("value was undefined because a callable raised a"
                                         " StopIteration exception")


def _plain(value: object) -> bool:
    """Whether Jinja2 would call `value` as it is: a callable without pass_context and the like,
    on itself or on its class's __call__ (a macro's)."""
    return callable(value) and not hasattr(value, "jinja_pass_arg") and \
        not any(hasattr(vars(c).get("__call__"), "jinja_pass_arg") for c in type(value).__mro__)


class _Templates(jinja2.Environment):
    """Jinja2's environment for templates that do not change while it lives (auto_reload off,
    no per-template globals): each template looked up once by its name, and its globals the
    environment's own dict instead of a ChainMap over it. A page includes or renders a dozen
    templates, and each time Jinja2 went through its locked cache and copied the globals key
    by key into the new context."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._loaded: dict[str, jinja2.Template] = {}
        self.plain: dict[int, object] = {}  # by id: the globals that take no context

    context_class = _Context

    def trust_globals(self) -> None:
        """Note which of the globals are plain callables (none of Jinja2's pass_context and
        the like, on them or their __call__), for `_Context.call`."""
        self.plain = {id(v): v for v in self.globals.values() if _plain(v)}

    def make_globals(self, d: MutableMapping[str, Any] | None) -> Any:
        # The environment's globals themselves, so that they stay live (update() changes
        # `site`); a template given globals of its own keeps Jinja2's ChainMap.
        return self.globals if not d else super().make_globals(d)

    def _load_template(self, name: str, globals: Any) -> jinja2.Template:
        if globals:
            return super()._load_template(name, globals)
        found = self._loaded.get(name)
        if found is None:
            found = self._loaded[name] = super()._load_template(name, None)
        return found


class _KeptBytecode(jinja2.BytecodeCache):
    """Jinja2's compiled templates in a store of the engine, per `compile_settings`: Jinja2
    checks each against its template's source when it loads it."""

    def __init__(self, store: CompiledStore, settings: str) -> None:
        self.store = store
        self.settings = settings

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.load(f"{self.settings}-{bucket.key}")
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store.dump(f"{self.settings}-{bucket.key}", bucket.bytecode_to_string())


# An activity's pieces of lists, by the engine's card key, then by template and variant.
Cards = dict[str, dict[tuple[object, ...], str]]


class Pieces(Protocol):
    """Where the pieces many pages share are kept, so that each is rendered once (the engine's
    render stage keeps them; a Renderer without one renders each where it is used)."""

    def begin(self) -> None: ...

    def fragment(self, key: tuple[object, ...], make: Callable[[], str]) -> str: ...

    def entry(self, activity: Activity, variant: tuple[object, ...],
              make: Callable[[], str]) -> str: ...


class _EachTime:
    """No pieces kept: every one rendered where it is used."""

    def begin(self) -> None:
        pass

    def fragment(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        return make()

    def entry(self, activity: Activity, variant: tuple[object, ...],
              make: Callable[[], str]) -> str:
        return make()


class Renderer:
    """One Jinja2 environment for a build, with the filters the templates use."""

    def __init__(self, template_dirs: list[Path], site: Site,
                 markup: Mapping[str, str], root: Path,
                 assets: Mapping[str, str] | None = None,
                 compiled: CompiledStore | None = None, pieces: Pieces | None = None) -> None:
        """`compiled`: where the templates compiled by earlier builds are kept, per
        `compile_settings` (the settings the filters below read); `pieces`: where the pieces
        many pages share are kept."""
        config = site.config
        self.site = site
        self.assets = dict(assets or {})  # 'static/style.css' -> 'static/style.3f2a1c9b.css'
        self.config = config
        self.markup = markup
        self.root = root
        self.pictures = PictureSizes(root, template_dirs, config.base_path)
        self.env = _Templates(
            loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            auto_reload=False,
            bytecode_cache=_KeptBytecode(compiled, compile_settings(config))
            if compiled is not None else None,
        )
        texts = site_texts(config)
        self.env.install_gettext_translations(  # type: ignore[attr-defined]
            texts, newstyle=True)
        self.env.globals["gettext"] = self.env.globals["_"] = _gettext(texts)
        locale = config.language
        base_path = config.base_path
        base_url = config.base_url
        # Every setting a filter reads belongs in compile_settings (see there).
        filters: dict[str, Callable[..., Any]] = {
            "url": lambda path: _url(base_path, path),
            "absolute_url": lambda path: _absolute(base_url, path),
            "markdown": self._markdown,
            "long_date": lambda d: _format_date(d, LONG_DATE, locale),
            "short_weekday": lambda d: _format_date(d, "EEE", locale),
            "day_month": lambda d: _format_date(d, "d MMMM", locale),
            "weekday": lambda d: _format_date(d, "EEEE", locale),
            "date_range": lambda a, b: _format_interval(a, b, locale),
            "hhmm": lambda t: t.strftime("%H:%M") if isinstance(t, time) else "",
            "number": lambda n: format_decimal(n, locale=locale),
            "iso": lambda d: d.isoformat() if isinstance(d, date) else "",
            "slug": lambda text: slugify(text or ""),
            "host": _host,
            "nobreak": _nobreak,
            "for_phase": phase_text,
            "wbr": self._wbr,
            # Jinja's own lowers the rest: 'Monday 15 november'. Dates need the first letter only.
            "capitalize": lambda text: str(text)[:1].upper() + str(text)[1:],
        }
        self.env.filters.update(filters)
        self.env.globals.update(
            site=site, Phase=Phase, activity_path=activity_path, page_path=page_path,
            group_path=group_path, across_path=across_path, activity_card=self._activity_card,
            overview_item=self._overview_item, header=self._header, footer=self._footer,
            head_links=self._head_links,
            week_nav=self._week_nav, years_nav=self._years_nav, static_url=self._static_url,
            video=placeholder_video, picture_size=self.pictures,
            # search engines, link previews, calendars and sharing (seo.py, share.py)
            page_data=functools.partial(seo.page_data, config),
            webcal_url=functools.partial(seo.webcal_url, config),
            share_links=share.share_links, hashtags=share.hashtags,
        )
        # The theme's macros (macros.html) as `m` on every page and list entry, made once:
        # importing them in every template rendered is a cost each page would pay.
        try:
            macros: object = self.env.get_template("macros.html").module
        except jinja2.TemplateError as exc:
            macros = _Broken(exc)  # reported where a page uses it, at the line of macros.html
        self.env.globals["m"] = macros
        self.env.trust_globals()
        self.pieces: Pieces = pieces or _EachTime()
        self.update(site)

    def update(self, site: Site) -> None:
        """Render another state of the same site (same templates and settings): a later build
        of a long-running process keeps the compiled templates and the rendered fragments."""
        self.site = site
        self.pictures.forget()  # a picture may have been replaced since
        self.env.globals["site"] = site
        self._year_paths = frozenset(w.path for w in site.weeks)
        self._wbr_done: dict[str, Markup] = {}
        self._words = share.words_of(site.config.title,
                                     *(w.config.theme for w in site.weeks))
        self._years_key = tuple(w.digest for w in site.weeks)
        # The links of the header and footer that may be the page itself (aria-current).
        self._header_paths = frozenset(page_path(p) for p in site.menu("header"))
        self._footer_paths = self._year_paths | {page_path(p) for p in site.menu("footer")} \
            | {site.accessibility_path}
        self._same: dict[tuple[object, ...], Markup] = {}  # what this state of the site shows
        self.__dict__.pop("_page_files", None)  # this state's pages, for relative links
        self.pieces.begin()

    def _wbr(self, tag: str) -> Markup:
        """A hashtag with <wbr> where a line may break: between the words it is made of (once
        a tag: a site has a few, on every page)."""
        done = self._wbr_done.get(tag)
        if done is None:
            done = self._wbr_done[tag] = Markup("<wbr>").join(
                share.hashtag_parts(str(tag), self._words))
        return done

    def _fragment(self, template: str, key: tuple[object, ...], **context: Any) -> Markup:
        """A piece of a page that many pages share (its HTML is our own template's)."""
        return Markup(self.pieces.fragment(
            (template, *key), lambda: self.env.get_template(template).render(context)))

    def _activity_card(self, activity: Activity, day: Day | None = None,
                       heading: str = "h3") -> Markup:
        """An activity as lists show it: on its day, the overview and four group pages."""
        ongoing = day is not None and activity.date != day.date
        dated = day is None  # a list not inside one day says each activity's date
        now = ongoing and day is not None and day.is_today  # running today: "Nu bezig"
        return self._kept("_activity.html", activity, (ongoing, heading, dated, now),
                          a=activity, ongoing=ongoing, heading=heading, dated=dated, now=now)

    def _overview_item(self, activity: Activity, part: str, day: Day | None = None) -> Markup:
        """An activity in the year's overview, under `part` (a day's slug, the lead-up or the
        follow-up), with what its filters match on."""
        ongoing = day is not None and activity.date != day.date
        return self._kept("_overview_item.html", activity, (part, ongoing),
                          a=activity, part=part, day=day)

    def _kept(self, template: str, activity: Activity, variant: tuple[object, ...],
              **context: Any) -> Markup:
        """A piece of a list that shows one activity (rendered by our own template,
        autoescaped)."""
        def make() -> str:
            return self.env.get_template(template).render(context)

        return Markup(self.pieces.entry(activity, (template, *variant), make))

    def _week_nav(self, week: Week, path: str) -> Markup:
        """The same on every page of a year but for the link to the page itself."""
        current = path if path in week.nav_paths else ""
        return self._fragment("_week_nav.html", (week.digest, current), week=week, current=current)

    def _header(self, week: Week | None, path: str) -> Markup:
        """The banner: the same on every page of a year but for the link to the page itself."""
        current = path if path in self._header_paths or (
            week is not None and path in week.nav_paths) else ""
        return self._same_piece("_header.html", (week.digest if week else None, current),
                                week=week, path=current)

    def _footer(self, layout: str, path: str) -> Markup:
        """The footer: the same on every page but for the link to the page itself, and with
        the help block on the pages without a side column."""
        current = path if path in self._footer_paths else ""
        return self._same_piece("_footer.html", (layout == "side", current),
                                layout=str(layout), path=current)

    def _head_links(self) -> Markup:
        """The style sheet, colours and icon: the same on every page."""
        return self._same_piece("_head_links.html", ())

    def _same_piece(self, template: str, key: tuple[object, ...], **context: Any) -> Markup:
        """A piece that depends on this state of the site and on `key` alone: rendered once
        for each state (made again after `update`, since the site's pages and pictures may
        have changed)."""
        memo = (template, *key)
        found = self._same.get(memo)
        if found is None:
            found = self._same[memo] = Markup(self.env.get_template(template).render(context))
        return found

    def _years_nav(self, path: str) -> Markup:
        current = path if path in self._year_paths else ""
        return self._fragment("_years_nav.html", (*self._years_key, current), current=current)

    def _static_url(self, name: str) -> str:
        """`static_url('style.css')`: the address of a file of static/ under its content-hashed
        name, which hosts may cache for a year (the name changes when the file does)."""
        path = "static/" + name.lstrip("/").removeprefix("static/")
        hashed = self.assets.get(path)
        if hashed is None:
            raise jinja2.TemplateRuntimeError(f"static_url: there is no file {path} in static/")
        return _url(self.config.base_path, hashed)

    def html(self, text: str) -> str:
        """The sanitised HTML of a Markdown text the plan declared, for files made without a
        template (calendars, feeds)."""
        return str(self._markdown(text))

    def _markdown(self, text: str, record: Page | Activity | Week | None = None) -> Markup:
        """`text|markdown`, or `text|markdown(record)` to resolve its relative addresses from
        where the record is (model/links.py), the same on every page that shows it."""
        if not text or not text.strip():
            return Markup("")
        try:
            html = self.markup[text]  # sanitised by markup.render_markdown
        except KeyError:
            raise MissingMarkup(text[:60]) from None
        if record is not None:
            address, folder = links.origin(record)
            html = links.absolute(html, folder, address, self._page_files,
                                  self.config.base_path)
        return Markup(self.pictures.sized(html))  # its pictures, at their addresses, sized

    @functools.cached_property
    def _page_files(self) -> dict[str, str]:
        return links.page_files(self.site)

    # What pages include, import or extend: compiled with them, or each process that forked
    # before would compile its own.
    PARTS = frozenset({"base.html", "macros.html", "_activity.html", "_overview_item.html",
                       "_week_nav.html", "_years_nav.html", "_head_meta.html", "_page_name.html",
                       "_share.html", "_calendar.html", "_media.html", "_chart.html",
                       "_week_lead.html", "_help.html", "_side.html", "_header.html",
                       "_footer.html", "_site_links.html", "_head_links.html"})

    def preload(self, names: set[str]) -> None:
        """Compile the templates now, so that forked workers inherit them compiled."""
        for name in sorted(names | self.PARTS):
            with contextlib.suppress(jinja2.TemplateError):  # reported when the page renders
                self.env.get_template(name)

    def render(self, template: str, path: str, context: Mapping[str, Any]) -> str:
        """`path` is the page's own address, for its canonical link and navigation."""
        own = path.removesuffix("index.html")
        return self.env.get_template(template).render(context, path=own)

    def problem(self, exc: Exception, page: str) -> Problem:
        """A template error as a problem at the template's file and line."""
        if isinstance(exc, jinja2.TemplateSyntaxError):
            name = self._relative(exc.filename or exc.name or "templates")
            return Problem(Position(name, exc.lineno), N_("template error: {reason}").format(
                reason=str(exc.message)), N_("while rendering {page}").format(page=page))
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename.endswith((".html", ".xml", ".txt", ".j2"))]
        if frames:
            where = Position(self._relative(frames[-1].filename), frames[-1].lineno or 0)
        else:
            where = Position("templates")
        return Problem(where, N_("template error: {reason}").format(reason=str(exc)),
                       N_("while rendering {page}").format(page=page))

    def _relative(self, filename: str) -> str:
        path = Path(filename)
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@functools.lru_cache(maxsize=4096)
def _format_date(day: date, pattern: str, locale: str) -> str:
    """Babel is exact but slow; a site formats the same few hundred dates again and again."""
    return str(format_date(day, pattern, locale=locale))


def date_text(day: date, language: str, pattern: str = LONG_DATE) -> str:
    """A date as the site's language writes it, for what has no template (the preview's bar)."""
    return _format_date(day, pattern, language)


@functools.lru_cache(maxsize=1024)
def _format_interval(start: date, end: date, locale: str) -> str:
    """'15–21 november 2021', '29 november – 5 december 2021': months in full, as the long dates
    have them (Babel's own interval formats shorten them to 'nov' in some languages)."""
    if start == end:
        return _format_date(start, "d MMMM y", locale)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_format_date(end, 'd MMMM y', locale)}"
    if start.year == end.year:
        return f"{_format_date(start, 'd MMMM', locale)} – {_format_date(end, 'd MMMM y', locale)}"
    return f"{_format_date(start, 'd MMMM y', locale)} – {_format_date(end, 'd MMMM y', locale)}"


def _nobreak(text: str) -> Markup:
    """Text that stays on one line, such as a phone number: non-breaking spaces and hyphens."""
    return Markup(str(Markup.escape(text)).replace(" ", "\u00a0").replace("-", "\u2011"))


def _host(url: str) -> str:
    """An address as people say it: 'kindertelefoon.nl' for https://www.kindertelefoon.nl/."""
    return urlsplit(url).netloc.removeprefix("www.") or url


def _url(base_path: str, path: str) -> str:
    """A link to a page of this site, under the site's sub-path."""
    if path.startswith(("http://", "https://", "mailto:")):
        return path
    return base_path + path.lstrip("/")


def _absolute(base_url: str, path: str) -> str:
    return base_url + path.lstrip("/")
