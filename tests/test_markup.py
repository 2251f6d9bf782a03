"""Markdown is rendered with only the extensions, inline patterns and block processors a text
may need (render/choice.py): the result must be byte for byte what all of them make of it."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import markdown
import pytest

from site_helpers import SAMPLE_CONTENT
from weekgen.formats import seo
from weekgen.render import choice, markup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import corpus

FEATURES = [
    "Een tabel:\n\n| Dag | Wat |\n|-----|-----|\n| ma | start |\n",
    "Met een voetnoot[^1].\n\n[^1]: De noot.\n",
    "*[WTK]: Week tegen Kindermishandeling\n\nDe WTK begint.\n",
    "Term\n:   Uitleg van de term\n",
    "```\ncode { }\n```\n\n~~~\nmeer\n~~~\n",
    "## Kop {#eigen-id .klasse}\n\nTekst {: .x }\n",
    "- een\n- twee\n\n1. drie\n2. vier\n",
    "Een | in de tekst, een { accolade, een : dubbele punt en *[ haak.\n",
    "Escapes: \\| \\{ \\* \\[^x] en [link](/2021/) en <b>html</b>.\n",
    "    ingesprongen code met | en {\n\nTerm\n: uitleg\n",
    "",
    # each inline pattern, and what could make one match without its character in the source
    "`code` en ``meer `code` hier`` en \\`niet\\`.\n",
    "Een regel  \nnieuwe regel, een tab\t\nen nog een  \r\nregel.\n",
    "Kort\t\nen\tmidden \t \n.\n",
    "<https://example.org/> en <iemand@example.org> en <em>html</em> en &amp; &#38; &copy;.\n",
    "![beeld](/static/a.png) en ![ref][b] en ![b]\n\n[b]: /static/b.png\n",
    "[ref][a], [a] en [link](https://example.org/ \"titel\")\n\n[a]: /2021/\n",
    "*nadruk* **sterk** ***beide*** _laag_ __twee__ snake_case_woord 2 * 3 * 4 en a _ b.\n",
    "Alleen een haak [ en een ster * en een streep _ en < en & los.\n",
]


def texts() -> list[str]:
    found = list(FEATURES)
    for path in sorted(SAMPLE_CONTENT.rglob("*")):
        if path.suffix in (".md", ".yaml"):
            found.append(path.read_text(encoding="utf-8"))  # front matter and YAML too: text
    rng = random.Random(5)
    found.extend(corpus.description(rng) for _ in range(20))
    return found


@pytest.mark.parametrize("base_path", ["/", "/campagne/"])
def test_fewer_extensions_render_the_same(base_path: str) -> None:
    # every extension, by its name as Python-Markdown finds it (weekgen passes their classes)
    everything = markdown.Markdown(
        extensions=[*markup.EXTENSIONS, markup._SiteLinksExtension(base_path)],
        output_format="html")
    for text in texts():
        expected = markup.sanitise(everything.reset().convert(text)) if text.strip() else ""
        assert markup.render_markdown(text, base_path) == expected, text[:80]


def test_without_a_patterns_character_the_text_renders_the_same() -> None:
    """Random texts of the characters the inline patterns and block processors look for, in
    every combination."""
    everything = markup._renderer("/", markup.EXTENSIONS)
    pieces = ["woord", " ", "  ", "\n", "\n\n", "\t", "*", "**", "_", "`", "\\", "[", "]",
              "(", ")", "!", "<", ">", "&", ";", "#", "@", ":", "/", "https://x.nl", "- ", "1. ",
              "\r\n", "amp", "x@y.nl", "]:", "[a]: /x\n", "[a]", "[a][]", "![a](/b.png)", "![a][]",
              "\r", "> ", "\n>", "    ", "  ", "\t", "=", "===", "-", "---", "- - -", "___", "***",
              "* ", "+ ", "## ", " #", "\n    x", "\n  -\n", "1) ", "<div>\n", "</div>", "<!--",
              "-->", "&amp;", "&#42;", "\\*"]
    rng = random.Random(8)
    for _ in range(2500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        expected = markup.sanitise(everything.reset().convert(text)) if text.strip() else ""
        assert markup.render_markdown(text) == expected, repr(text)


@pytest.mark.parametrize("text", [
    # a definition list, wherever its lines begin
    "term\r: uitleg",  # after a line break of an old Mac
    "> term\n> : uitleg",  # in a quote
    "1. term\n\n    : uitleg",  # in a list
    "<div>x</div>\nterm\n<div>y</div> : uitleg",  # after a block of HTML
    # a line break where a block of HTML took the entity after the two spaces
    "<div>\n</div>- a  &#42;\n    x",
])
def test_texts_the_triggers_once_missed_render_the_same(text: str) -> None:
    everything = markup._renderer("/", markup.EXTENSIONS)
    assert markup.render_markdown(text) == markup.sanitise(everything.reset().convert(text))


def extensions_for(text: str) -> tuple[str, ...]:
    return choice.choose(text, markup.EXTENSIONS).extensions


def inline_unused(text: str) -> tuple[str, ...]:
    return choice.choose(text, markup.EXTENSIONS).inline_unused


def test_plain_text_needs_no_optional_extension() -> None:
    assert extensions_for("Gewoon een zin.\n\n- een lijst\n") == ("sane_lists",)
    assert "tables" in extensions_for("a | b")


def test_plain_text_skips_the_inline_patterns_it_cannot_match() -> None:
    assert set(inline_unused("Gewoon een zin.")) == set(choice.INLINE_TRIGGERS)
    assert "link" not in inline_unused("Zie [hier](/).")
    assert "image_link" in inline_unused("Zie [hier](/).")  # a link is no image
    assert "image_link" not in inline_unused("![Foto](/foto.jpg)")
    assert "linebreak" not in inline_unused("een\tregel")


def test_every_name_the_choice_leaves_out_is_python_markdowns_own() -> None:
    """The converters deregister strictly: a name Python-Markdown no longer has fails here, not
    silently in a build."""
    everything = choice.Choice((), tuple(choice.INLINE_TRIGGERS), tuple(choice.BLOCK_TRIGGERS),
                               tuple(choice.STEP_TRIGGERS))
    md = markup._renderer("/x/", *everything)
    assert md.convert("Gewoon een zin.") == "<p>Gewoon een zin.</p>"
    with pytest.raises(ValueError):
        markup._renderer("/y/", (), ("no_such_pattern",))


def test_the_choice_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """WEEKGEN_MARKDOWN=plain: every text gets the converter with everything on."""
    text = "Gewoon een zin."
    assert markup.converter_for(text, "/") is not markup._renderer("/", markup.EXTENSIONS)
    monkeypatch.setattr(markup, "PLAIN", True)
    assert markup.converter_for(text, "/") is markup._renderer("/", markup.EXTENSIONS)
    assert markup.render_markdown(text) == "<p>Gewoon een zin.</p>"


def test_a_summary_read_from_the_start_is_that_of_the_whole_text() -> None:
    """seo.summary reads only the start of long HTML: random texts of words, tags in and around
    words, entities, and links whose titles hold '<' and '>' give what the whole text gives."""
    pieces = ["woord", "een", " ", "\n\n", "- ", "**", "*", "_", "&", "<", ">", "&amp;", "é",
              "[link](https://x.nl \"a > b </p> c\")", "`<i>`", "<b>vet</b>", "heel-lang-woord",
              "zin.", ",", "\n", "# Kop\n\n", "a<br>b", "![beeld](/x.png \"<p>\")"]
    rng = random.Random(21)
    samples = [*texts(), *("".join(rng.choice(pieces) for _ in range(rng.randint(1, 300)))
                           for _ in range(700))]
    read_from_start = 0
    for text in samples:
        html = markup.render_markdown(text)
        for limit in (20, 60, 200):
            whole = seo.shorten(seo.plain_text(html), limit)
            assert seo.summary(html, limit) == whole, (limit, text)
            read_from_start += len(html) > seo.SUMMARY_READ * limit
    assert read_from_start > 500  # the shortcut was taken, not only the whole text read


def test_converters_of_many_kinds_do_not_pile_up() -> None:
    for i in range(markup.RENDERERS_KEPT + 10):
        markup._renderer(f"/pad{i}/", ("sane_lists",))
    assert len(markup._renderers) <= markup.RENDERERS_KEPT
    assert markup.render_markdown("*ja*") == "<p><em>ja</em></p>"
