"""Files published as they are: the static files of the site and of its theme, and the pictures
next to the content; and the templates, which are read as they are too.

Nothing of them may come from outside: a symlink in the site's `static/` or `templates/` must
point within the project, one in the theme's within the theme (`content/` is checked as it is
scanned, in sources.py). An SVG file opened on its own is a page of the site's origin: one that
could run a script or load something from elsewhere is refused, with its line, rather than
cleaned (a drawing quietly changed is worse than a clear error). Only the parts an SVG needs to
draw pass: the elements and attributes below, links within the drawing or to this site, no DTD.
"""

from __future__ import annotations

import os
import re
import xml.parsers.expat
from pathlib import Path

from weekgen.errors import Position, Problems
from weekgen.read.project import Project
from weekgen.wording import N_

STATIC_PREFIX = "static/"


def published(project: Project, assets: list[str], problems: Problems) -> dict[str, bytes]:
    """The static files by output path, a site's own winning by name; every problem of these,
    of the templates and of the content's SVG files (`assets`) goes to `problems`."""
    for folder in project.template_dirs:
        _files(folder, _edge(project, folder), _shown(project, folder), problems)
    files: dict[str, Path] = {}
    for folder in project.static_dirs:
        for rel, path in _files(folder, _edge(project, folder), _shown(project, folder),
                                problems).items():
            files.setdefault(STATIC_PREFIX + rel, path)
    static = {out_path: path.read_bytes() for out_path, path in sorted(files.items())}
    for out_path, data in static.items():
        if out_path.lower().endswith(".svg"):
            check_svg(_shown(project, files[out_path]), data, problems)
    for rel in assets:
        if rel.lower().endswith(".svg"):
            try:
                data = (project.root / rel).read_bytes()
            except OSError as exc:
                problems.error(Position(rel), N_("cannot read the file: {reason}").format(
                    reason=str(exc.strerror or exc)))
                continue
            check_svg(rel, data, problems)
    return static


def _edge(project: Project, folder: Path) -> Path:
    """What a link in `folder` may point into: the project, or for the theme the theme."""
    root = project.root.resolve()
    return root if folder.resolve().is_relative_to(root) else folder.resolve()


def _shown(project: Project, path: Path) -> str:
    """A path as errors show it: relative to the project, else (the theme's) in full."""
    if path.is_relative_to(project.root):
        return path.relative_to(project.root).as_posix()
    return path.as_posix()


def _files(folder: Path, edge: Path, shown: str, problems: Problems) -> dict[str, Path]:
    """The files under `folder` by relative path, as rglob finds them (a linked folder is not
    walked into); every symlink that leads out of `edge` is refused."""
    found: dict[str, Path] = {}
    for top, dirs, names in os.walk(folder):
        for name in sorted([*dirs, *names]):
            path = Path(top, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(edge):
                    where = N_("the theme") if edge == folder.resolve() else N_("the project")
                    problems.error(Position(f"{shown}/{rel}"),
                                   N_("refused: a symlink to {target}, outside {where}").format(
                                       target=str(target), where=where),
                                   N_("copy the file into the folder instead of linking to it"))
                    continue
            if name in names and path.is_file():
                found[rel] = path
    return dict(sorted(found.items()))


# --- SVG ---------------------------------------------------------------------------------------

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# What drawing programs keep in a file for themselves; a browser shows none of it.
EDITORS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Flows/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/GenericCustomNamespace/1.0/",
    "http://ns.adobe.com/XPath/1.0/",
})
SVG_ELEMENTS = frozenset({
    "a", "animate", "animateMotion", "animateTransform", "circle", "clipPath", "defs", "desc",
    "ellipse", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "filter", "g", "image", "line",
    "linearGradient", "marker", "mask", "metadata", "mpath", "path", "pattern", "polygon",
    "polyline", "radialGradient", "rect", "set", "stop", "style", "svg", "switch", "symbol",
    "text", "textPath", "title", "tspan", "use", "view",
    # paint servers of SVG 2 that Inkscape writes
    "hatch", "hatchpath", "meshgradient", "meshrow", "meshpatch", "solidcolor",
})
# An animation may set any attribute, a link's too.
_ANIMATIONS = frozenset({"animate", "set", "animateTransform", "animateMotion"})
_LINKING = frozenset({"href", "attributeName"})
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_PICTURE = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,", re.IGNORECASE)
_HINT = N_("remove it, or save the drawing again as plain SVG (in Inkscape: Save As, Plain SVG)")


class _Refused(Exception):
    """The first thing an SVG file may not hold: where, and what."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def check_svg(rel: str, data: bytes, problems: Problems) -> None:
    """Refuse an SVG file that could run a script or load anything from elsewhere."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[str] = []

    def refuse(message: str) -> None:
        raise _Refused(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, message)

    def doctype(name: str, system: str | None, public: str | None, internal: bool) -> None:
        if internal:
            refuse(N_("refused: the SVG file declares a DTD of its own (<!DOCTYPE ... [ ]>), "
                      "which can define entities"))

    def entity(*args: object) -> None:
        refuse(N_("refused: the SVG file declares an entity (<!ENTITY>)"))

    def instruction(target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            refuse(N_("refused: the SVG file loads a style sheet (<?xml-stylesheet?>)"))

    def start(tag: str, attributes: dict[str, str]) -> None:
        space, _, name = tag.rpartition(" ")
        shown = f"<{name}>"
        if space in ("", SVG):
            if name not in SVG_ELEMENTS:
                refuse((N_("refused: {element} in an SVG file can run a script on the site's "
                           "pages") if name == "script" else
                        N_("refused: {element} in an SVG file is not an element weekgen "
                           "publishes (it may run a script or show another page)")).format(
                               element=shown))
        elif space not in EDITORS:
            refuse(N_("refused: {element} of {space} in an SVG file is not an element weekgen "
                      "publishes (it may run a script or show another page)").format(
                          element=shown, space=space))
        for key, value in attributes.items():
            attr_space, _, attr = key.rpartition(" ")
            if attr.lower().startswith("on"):
                refuse(N_("refused: the attribute {attribute} of {element} runs a script").format(
                    attribute=attr, element=shown))
            if attr == "href" and attr_space in ("", XLINK):
                why = _bad_link(name, value)
                if why:
                    refuse(N_("refused: {element} links to {link}: {why}").format(
                        element=shown, link=_cut(value), why=why))
            if name in _ANIMATIONS and attr == "attributeName" and \
                    (value.split(":")[-1] in _LINKING or value.lower().startswith("on")):
                refuse(N_("refused: {element} changes the attribute {attribute}, which could "
                          "make a link run a script").format(element=shown, attribute=value))
            if "url(" in value.lower() or (attr == "style" and "@import" in value.lower()):
                _check_css(value, shown)
        stack.append(name)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack and stack[-1] == "style":
            _check_css(data, "<style>")

    def _check_css(css: str, shown: str) -> None:
        if "@import" in css.lower():
            refuse(N_("refused: the style of {element} imports a style sheet (@import)").format(
                element=shown))
        for match in _URL.finditer(css):
            why = _bad_link("", match.group(2))
            if why:
                refuse(N_("refused: the style of {element} loads {link}: {why}").format(
                    element=shown, link=_cut(match.group(2)), why=why))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        problems.error(Position(rel, exc.line, exc.col), exc.message, _HINT)
    except xml.parsers.expat.ExpatError as exc:
        problems.error(Position(rel, exc.lineno, exc.offset + 1),
                       N_("the SVG file is not well-formed XML: {reason}").format(
                           reason=str(xml.parsers.expat.ErrorString(exc.code))),
                       N_("open it in a drawing program and save it again as SVG"))


def _bad_link(element: str, value: str) -> str:
    """Why an SVG may not link to `value` from `element` ('' for CSS), or ''."""
    link = value.strip()
    if link.startswith("#"):
        return ""
    scheme = _SCHEME.match(link)
    if scheme is None:
        if link.startswith(("//", "\\", "/\\")) or "\\" in link:
            return N_("another site's address")
        return ""  # a file of this site
    if element == "a" and scheme.group(1).lower() in ("http", "https", "mailto"):
        return ""
    if _PICTURE.match(link):  # a picture inside the file
        return ""
    if scheme.group(1).lower() in ("javascript", "vbscript", "data"):
        return N_("that runs a script or shows a page of its own")
    return N_("a drawing may show only what is in it or on this site")


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."
