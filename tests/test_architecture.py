"""The shape of the code, read with `ast`: imports point one way, the core does no I/O and never
reads the clock, and there are no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import weekgen

PACKAGE = Path(weekgen.__file__).resolve().parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py"))
CORE = ("errors", "fields", "config", "content", "week", "site", "plan", "slugs", "markup",
        "flips", "colours", "lookback", "charts", "media", "schema", "links", "timetravel",
        "seo", "share", "ics", "feeds", "options")
EDGES = ("sources", "load", "build", "output", "cache", "project", "render", "cli", "serve",
         "importer", "scaffold", "search", "uptodate")
# Each third-party library lives in one module (PyYAML's node types are shared by the readers).
LIBRARIES = {"jinja2": {"render"}, "babel": {"render"}, "markupsafe": {"render"},
             "markdown": {"markup"}, "nh3": {"markup"}, "frontmatter": {"sources"},
             "livereload": {"serve"}, "openpyxl": {"importer"}, "icalendar": {"ics"},
             "pagefind": {"search"}}
IO_CALLS = {"open", "read_bytes", "read_text", "write_bytes", "write_text", "scandir",
            "listdir", "walk", "iterdir", "glob", "rglob", "mkdir", "makedirs", "unlink",
            "rmtree", "rmdir", "rename", "utime", "chmod", "copyfile", "copytree", "fdopen",
            "mkstemp", "connect", "urlopen"}
CLOCK_CALLS = {"today", "now", "utcnow", "time_ns", "perf_counter", "monotonic", "localtime",
               "time.time"}


def tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))


def imports(module: str) -> set[str]:
    """Everything a module imports, by full name; `from weekgen import x` counts as weekgen.x
    when x is a module."""
    found: set[str] = set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "weekgen":
                found.update(f"weekgen.{a.name}" for a in node.names if a.name in MODULES)
    return found


def internal(module: str) -> set[str]:
    return {name.removeprefix("weekgen.") for name in imports(module)
            if name.startswith("weekgen.")}


def test_the_package_is_what_the_tests_expect() -> None:
    assert set(CORE) | set(EDGES) <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_nothing_imports_the_cli_or_the_server(module: str) -> None:
    allowed = {"__main__": {"cli"}, "cli": {"serve"}}.get(module, set())
    assert internal(module) & {"cli", "serve"} <= allowed


@pytest.mark.parametrize("module", CORE)
def test_core_does_not_import_the_edges(module: str) -> None:
    # content reads the SourceFile/FrontMatter values that sources produces, nothing more
    allowed = {"sources"} if module == "content" else set()
    assert internal(module) & set(EDGES) <= allowed


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


@pytest.mark.parametrize("module", CORE)
def test_core_does_no_file_io(module: str) -> None:
    assert called_names(module) & IO_CALLS == set()
    assert not imports(module) & {"os", "shutil", "tempfile", "sqlite3", "io", "socket"}


@pytest.mark.parametrize("module", CORE)
def test_core_never_reads_the_clock(module: str) -> None:
    assert called_names(module) & CLOCK_CALLS == set()


def test_scan_finds_io_and_clock_calls() -> None:
    """The scan itself works: the modules at the edges do what the core must not."""
    assert called_names("sources") & IO_CALLS
    assert called_names("output") & IO_CALLS
    assert called_names("cli") & CLOCK_CALLS
    assert called_names("build") & CLOCK_CALLS


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

    from weekgen.project import default_theme_dir
    from weekgen.render import Renderer

    folder = default_theme_dir("templates")
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    pulled = set()
    for path in folder.glob("*.html"):
        found = jinja2.meta.find_referenced_templates(env.parse(path.read_text("utf-8")))
        pulled |= {name for name in found if name is not None}
    assert pulled, "the theme's pages include nothing?"
    assert pulled <= Renderer.PARTS, sorted(pulled - Renderer.PARTS)
