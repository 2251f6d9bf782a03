"""Markdown is rendered with only the extensions a text may need (markup.TRIGGERS): the result
must be byte for byte what all extensions make of it."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from site_helpers import SAMPLE_CONTENT
from weekgen import markup

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
    everything = markup._renderer(base_path, markup.EXTENSIONS)
    for text in texts():
        expected = markup.sanitise(everything.reset().convert(text)) if text.strip() else ""
        assert markup.render_markdown(text, base_path) == expected, text[:80]


def test_plain_text_needs_no_optional_extension() -> None:
    assert markup.extensions_for("Gewoon een zin.\n\n- een lijst\n") == ("sane_lists",)
    assert "tables" in markup.extensions_for("a | b")
