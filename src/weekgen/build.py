"""One build, stage by stage: load, assemble, plan, render, write.

Nothing is written unless loading, assembling and rendering all succeeded. The build date is a
parameter: the core never reads the clock.
"""

from __future__ import annotations

import gc
import hashlib
import time as clock
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from weekgen.engine import uptodate, workers
from weekgen.engine.cache import Cache
from weekgen.errors import BuildFailed, Problem, Problems, with_source_lines
from weekgen.formats import ics, search, seo
from weekgen.model import links
from weekgen.model.config import SiteConfig
from weekgen.model.content import Activity
from weekgen.model.lookback import preview_date
from weekgen.model.site import Site, Week, assemble
from weekgen.options import BuildOptions, BuildReport, Progress, local_date, quiet
from weekgen.output import Entry, Writer, WriteReport, digest, still_there
from weekgen.plan import Output, data_outputs, plan, redirects, share_images
from weekgen.read.load import Inputs, load
from weekgen.read.project import Project
from weekgen.read.sources import SourceFile, read_source
from weekgen.render import markup
from weekgen.render.pages import Cards, MissingMarkup, Renderer, templates_digest

STATIC_PREFIX = "static/"


class Session:
    """What a long-running process (the dev server) keeps in memory from one build to the next.

    With it, a rebuild after one edit re-reads only the edited file, puts together and plans only
    the edited year, and renders only the pages whose inputs changed, with the list entries of
    unchanged activities taken from memory. Without it (the command line), the same stages read
    `.weekgen-cache/` instead.
    """

    def __init__(self) -> None:
        self.cache: Cache | None = None
        self.sources: dict[str, tuple[int, int, SourceFile]] = {}
        self.years: dict[str, Any] = {}
        self.plans: dict[str, list[Output]] = {}
        self.data: dict[str, Any] = {}  # each year's calendars and feed
        self.built = False  # into the preview folder, which it then knows file by file
        self.renderer: tuple[tuple[object, ...], Renderer] | None = None


def build(project: Project, out: Path | None, options: BuildOptions,
          session: Session | None = None) -> BuildReport:
    """Build the site into `out`, or only check it when `out` is None. Raises BuildFailed."""
    started = clock.perf_counter()
    stamp = None  # of a command-line build, to notice next time that nothing changed
    if out is not None and session is None and options.use_cache:
        stamp = uptodate.stamp(project, out, options)
        done = uptodate.unchanged(project, out, options, stamp) if stamp is not None else None
        if done is not None:
            return done
    if session is not None and session.cache is not None:
        cache = session.cache
    else:
        cache = Cache(project.cache_dir if options.use_cache else None, read_only=out is None,
                      remember=session is not None)
        if session is not None:
            session.cache = cache
    problems = Problems()
    # Loading and planning make millions of objects that live to the end of the build and
    # hardly any garbage: the collector would walk them all again and again (a quarter of
    # an edit's rebuild). It rests until the plan is made, then leaves them out (freeze).
    collecting = gc.isenabled()
    gc.disable()
    early = None
    try:
        progress = options.progress or quiet
        progress("reading", 0, 0)
        inputs = load(project.root, cache, problems, options.workers,
                      session.sources if session is not None else None)
        if inputs.config is None:  # without site.yaml nothing more can be checked
            _fail_on_errors(problems, inputs)
        assert inputs.config is not None
        config = inputs.config
        if options.base_url:
            config = replace(config, base_url=options.base_url.rstrip("/") + "/")
        today = options.today or local_date(options.now, config.timezone)
        if options.lookback:
            today = preview_date(inputs.weeks) or today
        if session is None and out is not None and not problems.errors:
            early = _begin_markdown(inputs, config.base_path, cache, options.workers)
        site = assemble(config, inputs.weeks, inputs.activities, inputs.pages, today, problems,
                        drafts=options.drafts,
                        memo=session.years if session is not None else None)
        problems.extend(seo.check_images(site, inputs.assets))
        _fail_on_errors(problems, inputs)
        static = _static_files(project)
        assets = fingerprints(static)
        templates = templates_digest(project.template_dirs) + _assets_digest(assets)
        outputs = plan(site, templates, memo=session.plans if session is not None else None)
        outputs = [*outputs, *data_outputs(site, outputs, templates,
                                           memo=session.data if session is not None else None)]
        outputs = [*outputs, *redirects(site, outputs, templates, problems),
                   *share_images(site, templates, project.share_fonts(), static)]
        gc.freeze()
        if collecting:
            gc.enable()
        _check_links(project, site, inputs, outputs, static, assets, cache, options.workers,
                     problems)
        _fail_on_errors(problems, inputs)
        previous = cache.manifest(out) if out is not None and out.exists() else {}
        writer = Writer(out, previous) if out is not None else None
        try:
            renderer = _renderer(project, site, templates, session, assets, cache)
            _render(renderer, outputs, writer, previous, cache, problems, options.workers,
                    progress,
                    verify=session is None or not session.built, early=early)
            _copy_files(project, static, assets, inputs, writer)
            _fail_on_errors(problems, inputs)
            if writer is None:  # `weekgen check` of content without errors: advice too
                problems.extend(seo.advice(site))
            if writer is not None and options.search:
                progress("search index", 0, 0)
                problems.extend(_search_index(writer, outputs))
            if writer is None:
                report = WriteReport(0, 0, 0)
            else:
                progress("writing", 0, 0)
                cache.forget_stamp(writer.out)
                report, manifest = writer.commit()
                # A session keeps the manifest in memory after its first build: should the
                # preview stop, its next first build verifies each file against the one on disk.
                cache.store_manifest(writer.out, manifest,
                                     on_disk=session is None or not session.built)
                if session is not None:
                    session.built = True
        except BaseException:
            if writer is not None:
                writer.discard()
            raise
    finally:
        if early is not None:
            early.close()  # (when the build failed before its Markdown stage)
        gc.unfreeze()
        if collecting:
            gc.enable()
        if session is None:
            cache.close()
    files = len(writer.entries) if writer is not None else len(outputs)
    done = BuildReport(files, report.written, report.unchanged, report.removed,
                       clock.perf_counter() - started, today,
                       with_source_lines(problems.warnings, inputs.texts),
                       tuple((w.year, w.start, w.end) for w in site.weeks), config.timezone)
    if writer is not None and stamp is not None:
        uptodate.remember(cache, writer.out, stamp, done)
    return done


def _fail_on_errors(problems: Problems, inputs: Inputs) -> None:
    if problems.errors:
        raise BuildFailed(with_source_lines(problems.sorted(), inputs.texts))


def _renderer(project: Project, site: Site, templates: str,
              session: Session | None, assets: dict[str, str], cache: Cache) -> Renderer:
    """A fresh renderer, or the session's one (its compiled templates and rendered fragments)
    as long as the templates and settings are the same."""
    key = (tuple(project.template_dirs), templates, site.config)
    if session is not None and session.renderer is not None and session.renderer[0] == key:
        renderer = session.renderer[1]
        renderer.update(site)
        return renderer
    renderer = Renderer(project.template_dirs, site, {}, project.root, assets,
                        cache.folder / "templates"
                        if cache.folder is not None and not cache.read_only else None)
    renderer.card_scope = hashlib.blake2b(repr(key[1:]).encode(), digest_size=16).hexdigest()
    if session is not None:
        session.renderer = (key, renderer)
    return renderer


def _render(renderer: Renderer, outputs: list[Output], writer: Writer | None,
            previous: dict[str, Entry], cache: Cache, problems: Problems, processes: int | None,
            progress: Progress, verify: bool, early: EarlyMarkdown | None = None) -> None:
    """Render the pages whose inputs changed, on every core; hand each to the writer.

    `verify` checks that an unchanged page's file is still in place; a session skips it after its
    first build, since it wrote the preview folder itself a moment ago. `early`: the Markdown
    begun while the site was put together, finished here before the rest."""
    todo = []
    for o in outputs:
        old = previous.get(o.path)
        if writer is not None and old is not None and old.key == o.key and \
                (not verify or still_there(writer.out, o.path, old)):
            writer.keep(o.path, old)
        else:
            todo.append(o)
    if not todo:
        return
    # A year's pages and files together: the processes share out the list from its two ends,
    # and each renders the list entries of its own years (see workers.py).
    todo = sorted((o.ready() for o in todo), key=lambda o: _year_of(o.path))
    config = renderer.site.config
    events = {ics.event_key(a, config): a for a in _calendar_activities(todo)}
    kept_events = cache.events(events) if cache.remember else {}  # (else read chunk by chunk)
    stored = set(kept_events) if cache.remember else cache.kept("events", events)
    known = ics.known_events(k for k in events if k not in stored)  # from another cache
    fresh = {k: a for k, a in events.items() if k not in stored and k not in known}
    # The Markdown the pages show, and that of the events to be made, in the pages' order.
    texts = dict.fromkeys(t for o in todo if o.render not in CALENDARS for t in o.markdown)
    texts.update(dict.fromkeys(a.description for a in fresh.values() if a.description))
    if early is not None:
        total = sum(len(chunk) for chunk in early.chunks)

        def store(rows: list[tuple[str, str]]) -> None:
            cache.store_markup(dict(rows))  # (what it cannot keep, the stage renders again)

        early.finish(each=store, done=lambda n: progress("Markdown", n, total))
    # A single build leaves the HTML and events in the cache and each chunk of pages reads its
    # own: the processes then neither hold nor copy all of them.
    kept = _markup_texts(texts, config.base_path, cache, processes, progress,
                         keep=cache.remember)
    lean = None if cache.remember else _Lean(
        cache, config, kept, {(a.year, a.slug): k for k, a in events.items()})
    renderer.markup = kept
    # The templates compile while the workers make events, before the page workers fork.
    made = _make_events(fresh, renderer, lean, cache, processes, progress,
                        meanwhile=lambda: renderer.preload({o.template for o in todo
                                                            if o.template}))
    cache.store_events(known)
    if lean is None:
        ics.remember_events({**kept_events, **known, **made})
    else:
        lean.kept_events = made
    renderer.cards = cache.cards(_card_keys(renderer, todo))
    stager = writer.stager if writer is not None else None
    progress("pages", 0, len(todo))
    # Workers get the pages' numbers: the pages themselves, and the site they point to, are in
    # the memory they inherit (pickling a chunk of pages would pickle their Week with them).
    seen: set[tuple[object, str]] = set()

    def take(results: list[RenderResult]) -> None:
        """A chunk's pages: to the writer, their new list entries to the cache."""
        new_cards: Cards = {}
        for path, entry, staged, problem, cards in results:
            for row, variants in cards.items():
                new_cards.setdefault(row, {}).update(variants)
            if problem is not None:
                if (problem.position, problem.message) not in seen:  # once, not once a page
                    seen.add((problem.position, problem.message))
                    problems.extend([problem])
            elif writer is not None and entry is not None:
                writer.record(path, entry, staged)
        cache.store_cards(new_cards)

    workers.run_chunks(_render_chunk, range(len(todo)),
                       shared_value=(renderer, stager, todo, lean),
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
        keys = {t: markup.markup_key(t, base_path) for t in texts if t not in self.kept}
        found = self.cache.markup(keys.values())
        return {**{t: found[k] for t, k in keys.items() if k in found}, **self.kept}

    def events(self, calendars: list[Output]) -> dict[str, bytes]:
        keys = [self.event_keys[(a.year, a.slug)] for a in _calendar_activities(calendars)]
        return {**self.cache.events(keys), **self.kept_events}


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
        if not cache.store_events(rows) or lean is None:
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


def _card_keys(renderer: Renderer, todo: list[Output]) -> list[str]:
    """The list entries these pages may show: every activity of the years they belong to."""
    years = {o.context["week"].year for o in todo if o.context.get("week") is not None}
    return [renderer.card_key(a) for w in renderer.site.weeks if w.year in years
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


RenderResult = tuple[str, "Entry | None", bool, "Problem | None", Cards]


def _render_chunk(numbers: Sequence[int]) -> list[RenderResult]:
    """In a worker (or the main process): render pages and stage their files."""
    renderer, stager, outputs, lean = workers.shared()
    if lean is not None:
        renderer.markup = lean.markup(t for i in numbers if outputs[i].render not in CALENDARS
                                      for t in outputs[i].markdown)
        ics.remember_events(lean.events([outputs[i] for i in numbers
                                         if outputs[i].render in CALENDARS]), only=True)
    results: list[RenderResult] = []
    for o in (outputs[i] for i in numbers):
        renderer.new_cards = {}
        try:
            if o.render is not None:  # a calendar, feed or sitemap: made by a function
                context = o.context
                if o.template:  # of what a template says (a share image's texts)
                    context = {**context, "text": renderer.render(o.template, o.path, context)}
                data = o.render(context, renderer.html)
            else:
                data = renderer.render(o.template, o.path, o.context).encode()
        except MissingMarkup:
            raise  # weekgen's own bug: the plan did not declare the page's Markdown
        except Exception as exc:  # a template error: report it with its template line
            results.append((o.path, None, False, renderer.problem(exc, o.path), {}))
            continue
        if stager is None:
            results.append((o.path, None, False, None, renderer.new_cards))
        else:
            entry, staged = stager.stage(o.path, data, o.key)
            results.append((o.path, entry, staged, None, renderer.new_cards))
    return results


def _search_index(writer: Writer, outputs: Sequence[Output]) -> list[Problem]:
    """The site search's index of every page people search for (see search.py)."""
    pages = [(o.path, o.key) for o in outputs if search.indexable(o.path, o.template)]
    problem = search.index(writer, pages)
    return [problem] if problem is not None else []


def _markup_texts(texts_: Iterable[str], base_path: str, cache: Cache, processes: int | None,
                  progress: Progress = quiet, keep: bool = True) -> dict[str, str]:
    """The HTML of these Markdown texts: from the cache, or rendered now.

    With `keep=False` the HTML goes only into the cache, chunk by chunk as it is made, and the
    pages read theirs from there (`_Lean`): no process holds every text's HTML. What the cache
    could not take is returned."""
    texts = list(dict.fromkeys(texts_))
    keys = {t: markup.markup_key(t, base_path) for t in texts}
    cached = cache.markup(keys.values()) if keep else dict.fromkeys(
        cache.kept("markup", keys.values()), "")
    missing = [t for t in texts if keys[t] not in cached]
    if missing:
        progress("Markdown", 0, len(missing))
    fresh: dict[str, str] = {}

    def take(rendered: list[tuple[str, str]]) -> None:
        rows = dict(rendered)
        if not cache.store_markup(rows) or keep:
            fresh.update(rows)

    workers.run_chunks(_markdown_chunk, missing, shared_value=base_path, min_parallel=200,
                       chunk_size=100, workers=processes, each=take,
                       done=lambda n: progress("Markdown", n, len(missing)))
    if not keep:
        return {t: fresh[keys[t]] for t in texts if keys[t] in fresh}
    return {t: cached.get(keys[t]) or fresh[keys[t]] for t in texts}


def _check_links(project: Project, site: Site, inputs: Inputs, outputs: list[Output],
                 static: dict[str, bytes], assets: dict[str, str], cache: Cache,
                 processes: int | None, problems: Problems) -> None:
    """Links in the Markdown to pages of the site that do not exist (see links.py)."""
    texts = [t for w in site.weeks for t in _linking_texts(w, cache)]
    if not texts:
        return
    paths = {o.path for o in outputs} | set(static) | set(assets.values()) | {
        rel.removeprefix("content/") for rel in inputs.assets}
    pages = [p for year in inputs.pages.values() for p in year]

    def source_text(rel: str) -> str | None:
        if rel not in inputs.texts:
            source = read_source(project.root, rel, Problems())
            if source is None:
                return None
            inputs.texts[rel] = source.text  # also to quote the line in the report
        return inputs.texts[rel]

    links.check_links(texts, lambda t: _markup_texts(t, site.config.base_path, cache, processes),
                      paths, links.later_pages(site, pages), site.config.base_path, source_text,
                      problems)


def _linking_texts(week: Week, cache: Cache) -> list[links.Text]:
    """A year's texts that may hold links, from the cache when the Week is the same: looking
    for them reads all of its Markdown."""
    key = f"links-{week.digest}"
    kept = cache.parsed(key)
    if isinstance(kept, list):
        return kept
    found = links.week_texts(week)
    cache.store_parsed(key, found)
    return found


EarlyMarkdown = workers.Run[str, tuple[str, str]]


def _begin_markdown(inputs: Inputs, base_path: str, cache: Cache,
                    processes: int | None) -> EarlyMarkdown | None:
    """A first build's Markdown, begun as soon as the content is read: every activity's
    description and every page's text, nearly all of it. The workers render while this process
    puts the site together and plans it (0.2 s at 5,000 activities, in which they would wait),
    and the HTML goes to the cache, where the Markdown stage finds it. Only into an empty cache:
    once it holds HTML, most texts are in it, and asking which would cost an edit's rebuild
    more than it saves."""
    if not cache.none_kept():
        return None
    texts = [a.description for year in inputs.activities.values() for a in year
             if a.description.strip()]
    texts += [p.body for year in inputs.pages.values() for p in year if p.body.strip()]
    return workers.begin(_markdown_chunk, list(dict.fromkeys(texts)), shared_value=base_path,
                         min_parallel=200, chunk_size=100, workers=processes)


def _markdown_chunk(texts: Sequence[str]) -> list[tuple[str, str]]:
    base_path = workers.shared()
    return [(markup.markup_key(t, base_path), html)
            for t, html in zip(texts, markup.render_batch(texts, base_path), strict=True)]


def _static_files(project: Project) -> dict[str, bytes]:
    """The theme's static files by output path; a site's own win by name."""
    files: dict[str, Path] = {}
    for folder in project.static_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files.setdefault(STATIC_PREFIX + path.relative_to(folder).as_posix(), path)
    return {out_path: path.read_bytes() for out_path, path in sorted(files.items())}


def fingerprints(static: dict[str, bytes]) -> dict[str, str]:
    """Each static file's content-hashed name: 'static/style.css' -> 'static/style.3f2a1c9b.css'.

    Templates link to these names (`static_url`), so hosts can cache them for a year: a changed
    file gets a new name. The plain names are published too, for Markdown and other sites that
    link to them, and for relative links inside the files (a stylesheet's url(logo.svg))."""
    hashed = {}
    for path, data in static.items():
        folder, _, name = path.rpartition("/")
        stem, dot, ext = name.rpartition(".")
        tag = digest(data)[:8]
        new = f"{folder}/{stem}.{tag}.{ext}" if dot and stem else f"{folder}/{name}.{tag}"
        hashed[path] = new if new not in static else path
    return hashed


def _assets_digest(assets: dict[str, str]) -> str:
    """Part of every page's key: a page shows the hashed names of the files it links to."""
    return digest(repr(sorted(assets.items())).encode())


def _copy_files(project: Project, static: dict[str, bytes], assets: dict[str, str],
                inputs: Inputs, writer: Writer | None) -> None:
    """The static files under their plain and hashed names, and images next to the content."""
    if writer is None:
        return
    files: dict[str, bytes | Path] = {}
    for path, data in static.items():
        files[path] = files[assets[path]] = data
    for rel in inputs.assets:
        files[rel.removeprefix("content/")] = project.root / rel
    for out_path, source in sorted(files.items()):
        data = source if isinstance(source, bytes) else source.read_bytes()
        writer.put(out_path, data, digest(data))
