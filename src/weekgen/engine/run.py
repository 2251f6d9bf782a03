"""One build's machinery, around the stages that build.py names.

`running()` opens a build: it tells first whether anything changed since the last build into the
same folder (uptodate.py), opens the cache (a long-running process's, or the folder's), rests the
garbage collector while the site is put together, and afterwards closes the workers, the cache
and, after a failure, the half-made output. The stages then ask the `Run` for what makes them
fast: `load` (parsed files from the cache, on every core), `memory` (what a long-running process
kept of each year), `render` (only the outputs whose key changed) and `write` (only bytes that
differ, all at once).
"""

from __future__ import annotations

import gc
import time as clock
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from weekgen.engine import uptodate
from weekgen.engine.cache import Cache
from weekgen.errors import BuildFailed, Problem, Problems, with_source_lines
from weekgen.options import BuildOptions, BuildReport, local_date, quiet
from weekgen.read.project import Project

# The pipeline's machinery is imported when a stage first asks for it: a build that finds
# nothing changed (uptodate.py) answers without Jinja2, Markdown, YAML, icalendar or Pillow.
if TYPE_CHECKING:
    from weekgen.engine.session import Memory, Session
    from weekgen.model import links
    from weekgen.model.config import SiteConfig
    from weekgen.model.site import Remember, Site, Week
    from weekgen.output import Entry, Writer
    from weekgen.plan import Output
    from weekgen.read.load import Inputs
    from weekgen.read.theme import Theme


@contextmanager
def running(project: Project, out: Path | None, options: BuildOptions,
            session: Session | None = None) -> Iterator[Run]:
    """A build into `out` (None: only check), begun; see the module's docstring."""
    run = Run(project, out, options, session)
    # Loading and planning make millions of objects that live to the end of the build and
    # hardly any garbage: the collector would walk them all again and again. It rests until
    # the pages are rendered, and leaves the plan out from then on (freeze).
    collecting = run.collecting = gc.isenabled()
    gc.disable()
    try:
        yield run
    except BaseException:
        if run.writer is not None:
            run.writer.discard()
        raise
    finally:
        run.close()
        gc.unfreeze()
        if collecting:
            gc.enable()


class Run:
    """What one build shares between its stages: the cache, the problems found, the output."""

    def __init__(self, project: Project, out: Path | None, options: BuildOptions,
                 session: Session | None) -> None:
        self.started = clock.perf_counter()
        self.project, self.out, self.options, self.session = project, out, options, session
        self.problems = Problems()
        self.collecting = False  # whether the collector ran before the build (`running`)
        self.writer: Writer | None = None
        # A command-line build first asks whether anything changed since the last one.
        self._stamp = None
        self.unchanged: BuildReport | None = None
        if out is not None and session is None and options.use_cache:
            self._stamp = uptodate.stamp(project, out, options)
            if self._stamp is not None:
                self.unchanged = uptodate.unchanged(project, out, options, self._stamp)
        if session is not None and session.cache is not None:
            self.cache = session.cache
        else:
            self.cache = Cache(project.cache_dir if options.use_cache else None,
                               read_only=out is None, remember=session is not None)
            if session is not None:
                session.cache = self.cache
        if self.unchanged is not None:
            return  # (the answer: nothing more is asked of this run)
        from weekgen.read.load import Inputs

        self.inputs = Inputs()
        self._today = options.today
        self._memories: list[Memory] = []
        self._theme: Theme | None = None
        self._outputs: list[Output] = []
        self._index_keys: dict[str, str] = {}  # what the search reads of each page rendered

    # --- the stages' helpers ---
    def load(self) -> Inputs:
        """Every content file, validated (parsed once per content hash, on every core); the
        settings with the command line's address, and the day the site shows. Without a
        valid site.yaml nothing more can be checked: the build stops here."""
        from weekgen.engine.loading import load_cached
        from weekgen.model.lookback import preview_date

        (self.options.progress or quiet)("reading", 0, 0)
        inputs = load_cached(self.project.root, self.cache, self.problems, self.options.workers,
                             self.session.sources if self.session is not None else None)
        self.inputs = inputs
        if inputs.config is None:
            self.stop_on_errors()
        assert inputs.config is not None
        if self.options.base_url:
            inputs.config = replace(inputs.config,
                                    base_url=self.options.base_url.rstrip("/") + "/")
        today = self.options.today or local_date(self.options.now, inputs.config.timezone)
        if self.options.lookback:
            today = preview_date(inputs.weeks) or today
        self._today = today
        return inputs

    @property
    def config(self) -> SiteConfig:
        """The site's settings, once loaded (with the command line's address)."""
        assert self.inputs.config is not None, "asked before run.load()"
        return self.inputs.config

    @property
    def today(self) -> date:
        """The day the site shows, once loaded."""
        assert self._today is not None, "asked before run.load()"
        return self._today

    def memory(self, stage: str) -> Remember:
        """What a long-running process kept of this stage's years; nothing elsewhere."""
        if self.session is None:
            from weekgen.model.site import computed

            return computed
        kept = self.session.memory(stage)
        self._memories.append(kept)
        return kept.remember

    def theme(self) -> Theme:
        from weekgen.read.theme import read_theme

        self._theme = read_theme(self.project, self.inputs.assets, self.problems)
        return self._theme

    def stop_on_errors(self) -> None:
        """After a stage: stop with every error found so far, before anything is written."""
        if self.problems.errors:
            raise BuildFailed(with_source_lines(self.problems.sorted(), self.inputs.texts))

    def html_of(self, texts: Iterable[str]) -> dict[str, str]:
        from weekgen.engine import rendering

        return rendering.markup_texts(texts, self.config.base_path, self.cache,
                                      self.options.workers)

    def linking_texts(self, week: Week) -> list[links.Text]:
        """From the cache when the Week is the same: looking for them reads all its Markdown."""
        from weekgen.engine import keys
        from weekgen.model import links

        key = keys.links_key(week.digest)
        kept = self.cache.files.get(key)
        if kept is not None and isinstance(kept[0], list):
            return kept[0]
        found = links.week_texts(week)
        # (kept as the cache keeps a file's records: with its problems, none; a bare list it
        # takes for a damaged file, and every build looked for the texts of every year again)
        self.cache.files.store(key, (found, []))
        return found

    def source_text(self, rel: str) -> str | None:
        from weekgen.read.sources import read_source

        texts = self.inputs.texts
        if rel not in texts:
            source = read_source(self.project.root, rel, Problems())
            if source is None:
                return None
            texts[rel] = source.text  # also to quote the line in the report
        return texts[rel]

    # --- rendering and writing ---
    def render(self, site: Site, outputs: list[Output]) -> None:
        """The outputs whose key changed, on every core, handed to the writer; the static files
        and the pictures next to the content."""
        from weekgen.engine import rendering
        from weekgen.output import Writer

        self.stop_on_errors()
        for kept in self._memories:
            kept.close()
        gc.freeze()
        if self.collecting:
            gc.enable()
        self._outputs = outputs
        theme = self._theme or self.theme()
        out = self.out
        previous = self.cache.outputs.manifest(out) if out is not None and out.exists() else {}
        known = self.session.layouts.pop(out, None) if self.session is not None and \
            out is not None else None  # (gone for good should this build fail)
        self.writer = Writer(out, previous, spare=self.cache.spare(out), known=known) \
            if out is not None else None
        made = rendering.renderer(self.project, site, theme.digest, self.session, theme.assets,
                                  self.cache)
        rendering.render(made, outputs, self.writer, previous, self.cache, self.problems,
                         self.options.workers, self.options.progress or quiet,
                         verify=self.session is None or not self.session.built,
                         memory=self.session.events if self.session is not None else None,
                         index_keys=self._index_keys if self.options.search else None)
        self._copy_files(theme)
        self.stop_on_errors()

    def _copy_files(self, theme: Theme) -> None:
        """The static files under their plain and hashed names, and images next to the content."""
        from weekgen.fingerprint import fingerprint

        if self.writer is None:
            return
        files: dict[str, bytes | Path] = {}
        for path, data in theme.static.items():
            files[path] = files[theme.assets[path]] = data
        for rel in self.inputs.assets:
            files[rel.removeprefix("content/")] = self.project.root / rel
        for out_path, source in sorted(files.items()):
            data = source if isinstance(source, bytes) else source.read_bytes()
            self.writer.put(out_path, data, fingerprint(data))

    def write(self, site: Site) -> BuildReport:
        """The search index, then every file at once; what the build did, with its warnings.
        A check (no output) adds the advice for search engines and sharing instead."""
        from weekgen.formats import seo
        from weekgen.output import WriteReport

        progress = self.options.progress or quiet
        writer = self.writer
        if writer is None:
            self.problems.extend(seo.advice(site))
            report = WriteReport(0, 0, 0)
        else:
            if self.options.search:
                progress("search index", 0, 0)
                indexed = self.cache.outputs.index_keys(writer.out)
                indexed = {path: self._index_keys.get(path) or indexed.get(path, "")
                           for path in writer.entries}
                self.problems.extend(_search_index(writer, self._outputs, indexed,
                                                   self.options.workers))
            progress("writing", 0, 0)
            self.cache.outputs.forget_stamp(writer.out)
            report, manifest = writer.commit()
            # A session keeps the manifest in memory after its first build: should the preview
            # stop, its next first build verifies each file against the one on disk.
            built = self.session is not None and self.session.built
            self.cache.outputs.store_manifest(writer.out, manifest, on_disk=not built)
            if self.options.search:
                self.cache.outputs.store_index_keys(
                    writer.out, {p: k for p, k in indexed.items() if k}, on_disk=not built)
            if self.session is not None:
                self.session.built = True
                if writer.layout is not None:
                    self.session.layouts[writer.out] = writer.layout
        files = len(writer.entries) if writer is not None else len(self._outputs)
        done = BuildReport(files, report.written, report.unchanged, report.removed,
                           clock.perf_counter() - self.started, self.today,
                           with_source_lines(self.problems.warnings, self.inputs.texts),
                           tuple((w.year, w.start, w.end) for w in site.weeks),
                           self.config.timezone,
                           advice=tuple(with_source_lines(self.problems.advice,
                                                          self.inputs.texts)),
                           language=self.config.language)
        if writer is not None and self._stamp is not None:
            uptodate.remember(self.cache, writer.out, self._stamp, done)
        return done

    def close(self) -> None:
        if self.session is None:
            self.cache.close()


def _search_index(writer: Writer, outputs: Sequence[Output], indexed: dict[str, str],
                  processes: int | None = None) -> list[Problem]:
    """The site search's index of every page people search for, in bundles by edition (see
    search.py): a bundle none of whose pages changed what the search reads of them
    (`indexed`: search.index_key, by path; a page without one counts by its key) keeps its
    files. Bundles are indexed on `processes` cores (None: every core) at once."""
    from weekgen.engine import workers
    from weekgen.formats import search

    pages = [(o.path, o.template, indexed.get(o.path) or f"page {o.key}") for o in outputs
             if o.searched]
    old: dict[str, dict[str, Entry]] = {}  # the last build's files, by bundle
    for path, entry in writer.previous.items():
        if path.startswith(search.BUNDLE):
            name = path[len(search.BUNDLE):].partition("/")[0]
            old.setdefault(search.folder(name), {})[path] = entry
    staged = set(writer.staged)

    def html(paths: Iterable[str]) -> Iterable[tuple[str, bytes]]:
        """The HTML this build leaves at each path, read one page at a time."""
        for path in paths:
            yield path, ((writer.staging if path in staged else writer.out) / path).read_bytes()

    made: list[str] = []  # every bundle, in order
    todo: list[tuple[str, Iterable[tuple[str, bytes]], str]] = []  # to index again, and keys
    for name, members in search.bundles(pages).items():
        key = search.bundle_key(members)
        mine = old.get(search.folder(name), {})
        if mine and all(e.key == key and writer.still_there(p, e) for p, e in mine.items()):
            writer.keep_all(sorted(mine.items()), verify=False)
        else:
            todo.append((name, html(p for p, _ in members), key))
        made.append(name)
    try:
        indexed_again = search.index_bundles([(name, ps) for name, ps, _ in todo],
                                             services=processes or workers.cores())
    except search.SearchFailed as exc:
        return [exc.problem()]
    for (_, _, key), files in zip(todo, indexed_again, strict=True):
        for path, data in files.items():
            writer.put(path, data, key)
    writer.put(search.LISTING, search.listing(made), search.bundle_key([]))
    return []
