"""The shape of the code, read with `ast`: imports point one way, the core does no I/O and never
reads the clock, and there are no import cycles."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import weekgen

PACKAGE = Path(weekgen.__file__).resolve().parent
# Every module by its dotted name below weekgen: 'model.site', 'build'.
MODULES = sorted(".".join(p.relative_to(PACKAGE).with_suffix("").parts)
                 for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
ROOMS = ("model", "read", "render", "formats", "engine", "preview", "editor")
# What each room may import of weekgen, by room (top-level modules count as rooms of their own).
# Dependencies point one way: the model imports nothing but errors; reading and rendering build
# on the model; the engine and the pipeline on top may use all of those; nothing imports the CLI,
# and only the CLI starts the dev server. `wording` (a marked text, `N_`: a str that remembers its
# template, no I/O) may be used by every room, the core too, so that a problem is made in English
# and said in the site's language where it is shown; `messages`, which reads the catalogues, not.
ALLOWED = {
    "errors": {"wording"},
    "fingerprint": set(),
    "wording": set(),
    "model": {"errors", "wording"},
    "read": {"model", "errors", "fingerprint", "messages", "wording"},
    "render": {"model", "formats", "errors", "messages", "wording"},
    "formats": {"model", "errors", "fingerprint", "wording"},
    "plan": {"model", "formats", "errors", "wording"},
    "check": {"model", "read", "formats", "plan", "errors", "messages", "wording"},
    "options": {"errors"},
    "output": {"errors", "fingerprint", "wording"},
    "progress": set(),
    "engine": {"model", "read", "render", "formats", "plan", "output", "options", "errors",
               "fingerprint", "wording"},
    "messages": {"errors", "wording"},
    "editor": {"model", "read", "errors", "messages", "wording"},
    "build": {"model", "read", "plan", "check", "engine", "options", "wording"},
    "preview": {"build", "engine", "read", "render", "options", "errors", "messages",
                "fingerprint", "wording"},
    "arguments": {"messages", "wording"},
    "cli": {"build", "engine", "read", "editor", "model", "preview", "progress", "options",
            "arguments", "errors", "messages", "wording"},
    "__main__": {"cli"},
}
# The core: no file I/O, no clock. What it shows depends on its arguments alone. (Rendering
# reads its theme, the templates and catalogues, but writes nothing and never reads the clock.)
CORE = ("model", "formats", "plan", "check", "options", "errors", "fingerprint", "wording")
WRITE_CALLS = {"write_bytes", "write_text", "mkdir", "makedirs", "unlink", "rmtree", "rmdir",
               "rename", "os.replace", "utime", "chmod", "copyfile", "copytree", "mkstemp", "link",
               "symlink"}
# Each third-party library lives in one module (PyYAML's node types are shared by the readers).
LIBRARIES = {"jinja2": {"render.pages"}, "babel": {"render.pages", "messages"},
             "markupsafe": {"render.pages"}, "markdown": {"render.markup"},
             "nh3": {"render.markup"}, "frontmatter": {"read.sources"},
             "livereload": {"preview.serve"}, "watchdog": {"preview.watching"},
             "openpyxl": {"editor.sheets"},
             "icalendar": {"formats.ics"}, "pagefind": {"formats.search"},
             "PIL": {"formats.share_image"}}
IO_CALLS = {"open", "read_bytes", "read_text", "write_bytes", "write_text", "scandir",
            "listdir", "walk", "iterdir", "glob", "rglob", "mkdir", "makedirs", "unlink",
            "rmtree", "rmdir", "rename", "utime", "chmod", "copyfile", "copytree", "fdopen",
            "mkstemp", "connect", "urlopen"}
CLOCK_CALLS = {"today", "now", "utcnow", "time_ns", "perf_counter", "monotonic", "localtime",
               "time.time"}


# Rules still broken, until the engine takes these jobs over (issue 16): each must fail.
NOT_YET = {
}


def _not_yet(rule: str, modules: list[str]) -> list[object]:
    return [pytest.param(m, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[rule, m]))
            if (rule, m) in NOT_YET else m for m in modules]


def room(module: str) -> str:
    """'model' for 'model.site', 'build' for 'build'."""
    return module.split(".")[0]


def tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / (module.replace(".", "/") + ".py")).read_text("utf-8"))


def imports(module: str) -> set[str]:
    """Everything a module imports, by full name; `from weekgen.x import y` counts as
    weekgen.x.y when that is a module."""
    found: set[str] = set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            inner = node.module.removeprefix("weekgen").removeprefix(".")
            for a in node.names:
                name = f"{inner}.{a.name}" if inner else a.name
                if name in MODULES:
                    found.add(f"weekgen.{name}")
    return found


def internal(module: str) -> set[str]:
    """The modules of weekgen this one imports ('model.site'), rooms themselves left out."""
    return {name.removeprefix("weekgen.") for name in imports(module)
            if name.startswith("weekgen.") and name.removeprefix("weekgen.") in MODULES}


def broken_rules(module: str) -> set[str]:
    own = room(module)
    return {m for m in internal(module) if room(m) != own and room(m) not in ALLOWED[own]}


def test_every_module_is_in_a_room_with_rules() -> None:
    assert {room(m) for m in MODULES} <= set(ALLOWED), sorted(
        {room(m) for m in MODULES} - set(ALLOWED))
    assert {room(m) for m in MODULES} >= set(ROOMS)


@pytest.mark.parametrize("module", _not_yet("imports", MODULES))
def test_imports_follow_the_rooms(module: str) -> None:
    assert broken_rules(module) == set()


def test_the_rule_check_finds_a_wrong_import(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A deliberately wrong import (the model reaching into the engine) is caught."""
    source = PACKAGE / "model" / "slugs.py"
    wrong = tmp_path / "weekgen" / "model" / "slugs.py"
    wrong.parent.mkdir(parents=True)
    wrong.write_text(source.read_text("utf-8") + "\nfrom weekgen.engine import cache\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "weekgen")
    monkeypatch.setattr(sys.modules[__name__], "MODULES", [*MODULES])
    assert broken_rules("model.slugs") == {"engine.cache"}


@pytest.mark.parametrize("module", MODULES)
def test_nothing_imports_the_cli_or_the_server(module: str) -> None:
    outside = {m for m in internal(module) if room(m) in {"cli", "preview"}} - {
        m for m in internal(module) if room(m) == room(module)}
    allowed = {"__main__": {"cli"}, "cli": {"preview.serve"}}.get(module, set())
    assert outside <= allowed


@pytest.mark.parametrize("module", MODULES)
def test_each_library_is_imported_in_one_place(module: str) -> None:
    for name in imports(module):
        top = name.split(".")[0]
        if top in LIBRARIES:
            assert module in LIBRARIES[top], f"{module} imports {name}"


def called_names(module: str) -> set[str]:
    names = set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
                if isinstance(func.value, ast.Name):
                    names.add(f"{func.value.id}.{func.attr}")  # time.time(), not time(0)
    return names


CORE_MODULES = [m for m in MODULES if room(m) in CORE]


@pytest.mark.parametrize("module", _not_yet("io", CORE_MODULES))
def test_core_does_no_file_io(module: str) -> None:
    assert called_names(module) & IO_CALLS == set()
    # Pillow reads fonts and writes PNGs through io's in-memory buffers, and only through them.
    in_memory = {"io"} if module == "formats.share_image" else set()
    assert not imports(module) & ({"os", "shutil", "tempfile", "sqlite3", "io", "socket"}
                                  - in_memory)


@pytest.mark.parametrize("module", [m for m in MODULES if room(m) == "render"])
def test_rendering_writes_nothing(module: str) -> None:
    """Only the writer (output.py) and the engine's cache write while a site is built."""
    assert called_names(module) & WRITE_CALLS == set()


@pytest.mark.parametrize("module", [*CORE_MODULES, *(m for m in MODULES if room(m) == "render")])
def test_core_never_reads_the_clock(module: str) -> None:
    assert called_names(module) & CLOCK_CALLS == set()


def test_scan_finds_io_and_clock_calls() -> None:
    """The scan itself works: the modules at the edges do what the core must not."""
    assert called_names("read.sources") & IO_CALLS
    assert called_names("output") & IO_CALLS
    assert called_names("cli") & CLOCK_CALLS
    assert called_names("engine.run") & CLOCK_CALLS


def test_no_import_cycles() -> None:
    graph = {m: internal(m) & set(MODULES) for m in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = [*path[path.index(module):], module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in MODULES:
        visit(module, [])
    assert done == set(MODULES)


def test_every_template_that_pages_pull_in_is_compiled_before_the_workers_fork() -> None:
    """Renderer.preload compiles the pages' templates and PARTS in the main process: a template
    that a page includes, imports or extends and that PARTS leaves out would be compiled again
    in every worker."""
    import jinja2
    import jinja2.meta

    from weekgen.read.project import default_theme_dir
    from weekgen.render.pages import Renderer

    folder = default_theme_dir("templates")
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    pulled = set()
    for path in folder.glob("*.html"):
        found = jinja2.meta.find_referenced_templates(env.parse(path.read_text("utf-8")))
        pulled |= {name for name in found if name is not None}
    assert pulled, "the theme's pages include nothing?"
    assert pulled <= Renderer.PARTS, sorted(pulled - Renderer.PARTS)


def test_the_rooms_depend_one_way() -> None:
    """The rules themselves have no circle, so no two rooms can lean on each other."""
    def reaches(start: str, seen: frozenset[str]) -> None:
        for other in ALLOWED[start]:
            assert other not in seen, f"the rooms lean on each other: {start} -> {other}"
            reaches(other, seen | {other})

    for start in ALLOWED:
        reaches(start, frozenset({start}))
