"""The render stage, fast: only the outputs whose key changed, on every core, each piece once.

The bookkeeping around the templates: the Markdown each page shows and the calendar events, from
the cache or made in workers before the pages need them, and the activities' list entries kept
between builds. A single build leaves HTML and events in the cache and each chunk of pages reads
its own, so that no process holds all of them; a long-running process keeps them in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

from weekgen.engine import workers
from weekgen.engine.cache import Cache
from weekgen.engine.keys import event_key, markup_key
from weekgen.engine.pieces import Pieces
from weekgen.engine.session import Session
from weekgen.errors import Problem, Problems
from weekgen.formats import ics, search
from weekgen.model.config import SiteConfig
from weekgen.model.content import Activity
from weekgen.model.site import Site
from weekgen.options import Progress, quiet
from weekgen.output import Entry, Writer
from weekgen.plan import Output
from weekgen.read.project import Project
from weekgen.render import markup
from weekgen.render.pages import Cards, MissingMarkup, Renderer

# The calendar events a long-running process keeps in memory before it starts again.
EVENTS_KEPT = 50_000


def renderer(project: Project, site: Site, templates: str, session: Session | None,
             assets: dict[str, str], cache: Cache) -> Renderer:
    """A fresh renderer, or the session's one (its compiled templates and rendered fragments)
    as long as the templates and settings are the same."""
    key = (tuple(project.template_dirs), templates, site.config)
    if session is not None and session.renderer is not None and session.renderer[0] == key:
        kept: Renderer = session.renderer[1]
        kept.update(site)
        return kept
    scope = hashlib.blake2b(repr(key[1:]).encode(), digest_size=16).hexdigest()
    made = Renderer(project.template_dirs, site, {}, project.root, assets, cache.compiled,
                    Pieces(scope))
    if session is not None:
        session.renderer = (key, made)
    return made


def render(renderer: Renderer, outputs: list[Output], writer: Writer | None,
            previous: dict[str, Entry], cache: Cache, problems: Problems, processes: int | None,
            progress: Progress, verify: bool,
            memory: dict[str, bytes] | None = None,
            index_keys: dict[str, str] | None = None) -> None:
    """Render the pages whose inputs changed, on every core; hand each to the writer.

    `verify` checks that an unchanged page's file is still in place; a session skips it after its
    first build, since it wrote the preview folder itself a moment ago. `memory`: the calendar
    events a long-running process keeps, by event key (a session's). `index_keys`:
    filled in with what the search reads of each page rendered (search.index_key)."""
    if writer is None:
        todo = outputs
    else:
        same = {o.path: old for o in outputs
                if (old := previous.get(o.path)) is not None and old.key == o.key}
        again = writer.keep_all(same.items(), verify)
        todo = [o for o in outputs if o.path not in same or o.path in again]
    if not todo:
        return
    # A year's pages and files together: the processes share out the list from its two ends,
    # and each renders the list entries of its own years (see workers.py).
    todo = sorted((o.ready() for o in todo), key=lambda o: _year_of(o.path))
    config = renderer.site.config
    memory = {} if memory is None else memory
    events = {event_key(a, config): a for a in _calendar_activities(todo)}
    kept_events = cache.events.get(events) if cache.remember else {}  # (else read chunk by chunk)
    stored = set(kept_events) if cache.remember else cache.events.kept(events)
    known = {k: memory[k] for k in events if k not in stored and k in memory}  # another cache's
    fresh = {k: a for k, a in events.items() if k not in stored and k not in known}
    # The Markdown the pages show, and that of the events to be made, in the pages' order.
    texts = dict.fromkeys(t for o in todo if o.render not in CALENDARS for t in o.markdown)
    texts.update(dict.fromkeys(a.description for a in fresh.values() if a.description))
    # A single build leaves the HTML and events in the cache and each chunk of pages reads its
    # own: the processes then neither hold nor copy all of them.
    kept = markup_texts(texts, config.base_path, cache, processes, progress,
                         keep=cache.remember)
    lean = None if cache.remember else _Lean(
        cache, config, kept, {(a.year, a.slug): k for k, a in events.items()})
    renderer.markup = kept
    # The templates compile while the workers make events, before the page workers fork.
    made = _make_events(fresh, renderer, lean, cache, processes, progress,
                        meanwhile=lambda: renderer.preload({o.template for o in todo
                                                            if o.template}))
    cache.events.store(known)
    ready: ics.Events = {}
    if lean is None:
        ready_keys = {**kept_events, **known, **made}
        if len(memory) + len(ready_keys) > EVENTS_KEPT:  # a long session: start again, not grow
            memory.clear()
        memory.update(ready_keys)
        ready = {(a.year, a.slug): ready_keys[k] for k, a in events.items() if k in ready_keys}
    else:
        lean.kept_events = made
    pieces = _pieces(renderer)
    pieces.cards = cache.cards.get(_card_keys(renderer, todo))
    stager = writer.stager if writer is not None else None
    progress("pages", 0, len(todo))
    # Workers get the pages' numbers: the pages themselves, and the site they point to, are in
    # the memory they inherit (pickling a chunk of pages would pickle their Week with them).
    seen: set[tuple[object, str]] = set()

    def take(results: list[RenderResult]) -> None:
        """A chunk's pages: to the writer, their new list entries to the cache."""
        new_cards: Cards = {}
        for path, entry, staged, problem, cards, indexed in results:
            if indexed is not None and index_keys is not None:
                index_keys[path] = indexed
            for row, variants in cards.items():
                new_cards.setdefault(row, {}).update(variants)
            if problem is not None:
                if (problem.position, problem.message) not in seen:  # once, not once a page
                    seen.add((problem.position, problem.message))
                    problems.extend([problem])
            elif writer is not None and entry is not None:
                writer.record(path, entry, staged)
        cache.cards.store(new_cards)

    workers.run_chunks(_render_chunk, range(len(todo)),
                       shared_value=(renderer, stager, todo, lean, ready, index_keys is not None),
                       min_parallel=400, chunk_size=250, workers=processes,
                       done=lambda n: progress("pages", n, len(todo)), each=take)


class _Lean:
    """Where a single build's processes find the HTML and calendar events of a chunk of pages:
    in the cache, where the stages before put them (and, in `kept`, what the cache could not
    take)."""

    def __init__(self, cache: Cache, config: SiteConfig, kept: Mapping[str, str],
                 event_keys: Mapping[tuple[int, str], str]) -> None:
        self.cache = cache
        self.config = config
        self.kept = kept
        self.event_keys = event_keys  # by year and slug, as `_render` made them for all pages
        self.kept_events: Mapping[str, bytes] = {}

    def markup(self, texts: Iterable[str]) -> dict[str, str]:
        base_path = self.config.base_path
        keys = {t: markup_key(t, base_path) for t in texts if t not in self.kept}
        found = self.cache.html.get(keys.values())
        return {**{t: found[k] for t, k in keys.items() if k in found}, **self.kept}

    def events(self, calendars: list[Output]) -> ics.Events:
        keys = {self.event_keys[(a.year, a.slug)]: (a.year, a.slug)
                for a in _calendar_activities(calendars)}
        found = {**self.cache.events.get(keys), **self.kept_events}
        return {name: found[k] for k, name in keys.items() if k in found}


def _make_events(fresh: Mapping[str, Activity], renderer: Renderer, lean: _Lean | None,
                 cache: Cache, processes: int | None, progress: Progress,
                 meanwhile: Callable[[], None]) -> dict[str, bytes]:
    """The calendar events of these activities (by event key), on every core, each once: made
    while the calendars are put together, a year's calendar and its activities' own files
    would each serialise the same events in whichever process had them. They go to the cache
    as they come; returned are all of them, or with `lean` those the cache could not take.
    `meanwhile` runs in this process while the workers begin."""
    keys, activities = list(fresh), list(fresh.values())
    made: dict[str, bytes] = {}

    def take(events: list[tuple[str, bytes]]) -> None:
        rows = dict(events)
        if not cache.events.store(rows) or lean is None:
            made.update(rows)

    with workers.begin(_events_chunk, range(len(activities)),
                       shared_value=(keys, activities, renderer, lean), min_parallel=400,
                       chunk_size=250, workers=processes) as run:
        meanwhile()
        if activities:
            progress("calendars", 0, len(activities))
        run.finish(each=take, done=lambda n: progress("calendars", n, len(activities)))
    return made


def _events_chunk(numbers: Sequence[int]) -> list[tuple[str, bytes]]:
    keys, activities, renderer, lean = workers.shared()
    if lean is not None:
        renderer.markup = lean.markup(activities[i].description for i in numbers)
    return [(keys[i], ics.make_event(activities[i], renderer.config, renderer.html))
            for i in numbers]


def _pieces(renderer: Renderer) -> Pieces:
    pieces = renderer.pieces
    assert isinstance(pieces, Pieces), "a renderer made by rendering.renderer"
    return pieces


def _card_keys(renderer: Renderer, todo: list[Output]) -> list[str]:
    """The list entries these pages may show: every activity of the years they belong to."""
    years = {o.context["week"].year for o in todo if o.context.get("week") is not None}
    pieces = _pieces(renderer)
    return [pieces.card_key(a) for w in renderer.site.weeks if w.year in years
            for a in w.activities]


CALENDARS = (ics.render_year, ics.render_activity)


def _year_of(path: str) -> str:
    """'2021' for '2021/activiteiten/x/index.html'; '' for a file of the whole site."""
    first = path.partition("/")[0]
    return first if first.isdigit() else ""


def _calendar_activities(todo: list[Output]) -> list[Activity]:
    """The activities whose events these calendars hold."""
    activities: list[Activity] = []
    for o in todo:
        if o.render is ics.render_year:
            activities.extend(o.context["year"].activities)
        elif o.render is ics.render_activity:
            activities.append(o.context["activity"])
    return activities


# A page's path, its entry and whether it was written, its template's error, its new list
# entries and, for a page of the search, what Pagefind reads of it (search.index_key).
RenderResult = tuple[str, "Entry | None", bool, "Problem | None", Cards, "str | None"]


def _render_chunk(numbers: Sequence[int]) -> list[RenderResult]:
    """In a worker (or the main process): render pages and stage their files."""
    renderer, stager, outputs, lean, events, indexing = workers.shared()
    if lean is not None:
        renderer.markup = lean.markup(t for i in numbers if outputs[i].render not in CALENDARS
                                      for t in outputs[i].markdown)
        events = lean.events([outputs[i] for i in numbers if outputs[i].render in CALENDARS])
    pieces = _pieces(renderer)
    results: list[RenderResult] = []
    for o in (outputs[i] for i in numbers):
        pieces.new_cards = {}
        try:
            if o.render is not None:  # a calendar, feed or sitemap: made by a function
                context = o.context
                if o.render in CALENDARS:  # with the events made before
                    context = {**context, "events": events}
                elif o.template:  # of what a template says (a share image's texts)
                    context = {**context, "text": renderer.render(o.template, o.path, context)}
                data = o.render(context, renderer.html)
            else:
                data = renderer.render(o.template, o.path, o.context).encode()
        except MissingMarkup:
            raise  # weekgen's own bug: the plan did not declare the page's Markdown
        except Exception as exc:  # a template error: report it with its template line
            results.append((o.path, None, False, renderer.problem(exc, o.path), {}, None))
            continue
        indexed = search.index_key(data) if indexing and o.searched else None
        if stager is None:
            results.append((o.path, None, False, None, pieces.new_cards, indexed))
        else:
            entry, staged = stager.stage(o.path, data, o.key)
            results.append((o.path, entry, staged, None, pieces.new_cards, indexed))
    return results


def markup_texts(texts_: Iterable[str], base_path: str, cache: Cache, processes: int | None,
                  progress: Progress = quiet, keep: bool = True) -> dict[str, str]:
    """The HTML of these Markdown texts: from the cache, or rendered now.

    With `keep=False` the HTML goes only into the cache, chunk by chunk as it is made, and the
    pages read theirs from there (`_Lean`): no process holds every text's HTML. What the cache
    could not take is returned."""
    texts = list(dict.fromkeys(texts_))
    keys = {t: markup_key(t, base_path) for t in texts}
    cached = cache.html.get(keys.values()) if keep else dict.fromkeys(
        cache.html.kept(keys.values()), "")
    missing = [t for t in texts if keys[t] not in cached]
    if missing:
        progress("Markdown", 0, len(missing))
    fresh: dict[str, str] = {}

    def take(rendered: list[tuple[str, str]]) -> None:
        rows = dict(rendered)
        if not cache.html.store(rows) or keep:
            fresh.update(rows)

    workers.run_chunks(_markdown_chunk, missing, shared_value=base_path, min_parallel=200,
                       chunk_size=100, workers=processes, each=take,
                       done=lambda n: progress("Markdown", n, len(missing)))
    if not keep:
        return {t: fresh[keys[t]] for t in texts if keys[t] in fresh}
    return {t: cached.get(keys[t]) or fresh[keys[t]] for t in texts}


def _markdown_chunk(texts: Sequence[str]) -> list[tuple[str, str]]:
    base_path = workers.shared()
    return [(markup_key(t, base_path), html)
            for t, html in zip(texts, markup.render_batch(texts, base_path), strict=True)]

