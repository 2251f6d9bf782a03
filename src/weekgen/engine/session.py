"""What a long-running process (the dev server) keeps in memory from one build to the next."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from weekgen.engine.cache import Cache
from weekgen.read.sources import Known

if TYPE_CHECKING:
    from weekgen.output import Layout

T = TypeVar("T")


class Memory:
    """Values kept from one build to the next, each by a key over everything it depends on.
    After a build (`close`) the kept dict holds just what that build used, so it never grows
    beyond one site's worth. Its `remember` is what the model's stages ask (model.site.Remember).
    """

    def __init__(self, kept: dict[str, Any]) -> None:
        self.kept = kept
        self.used: dict[str, Any] = {}

    def remember(self, key: str, make: Callable[[], T]) -> T:
        found = self.kept.get(key)
        if found is None:
            found = make()
        self.used[key] = found
        return found

    def close(self) -> None:
        self.kept.clear()
        self.kept.update(self.used)


class Session:
    """With it, a rebuild after one edit re-reads only the edited file, puts together and plans
    only the edited year, and renders only the pages whose inputs changed, with the list entries
    of unchanged activities taken from memory. Without it (the command line), the same stages
    read `.weekgen-cache/` instead.
    """

    def __init__(self) -> None:
        self.cache: Cache | None = None
        self.sources: Known = {}
        self.kept: dict[str, dict[str, Any]] = {}  # per stage ('years', 'plans', 'data')
        self.built = False  # into the preview folder, which it then knows file by file
        self.renderer: tuple[tuple[object, ...], Any] | None = None  # (key, render.Renderer)
        self.events: dict[str, bytes] = {}  # calendar events, by event key
        # What the last build left in its output folder and spare (output.Layout), by folder:
        # this process is their only writer. Taken by the next build, given back by its commit.
        self.layouts: dict[Path, Layout] = {}

    def memory(self, stage: str) -> Memory:
        return Memory(self.kept.setdefault(stage, {}))
