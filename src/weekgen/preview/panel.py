"""What the preview tells an editor on the pages it serves: the error page and the warnings panel.

Both speak the site's language, from the same message catalogues as the site (Dutch msgids, as
in the templates; `tools/catalogs.py` finds the texts here). Neither uses the site's templates
(they may be what is broken), and a build never holds them: the preview server adds them to the
pages it serves. Pure: HTML made from problems, escaped here.
"""

from __future__ import annotations

import gettext
import hashlib
import html
from typing import Any

from weekgen.errors import Problem
from weekgen.messages import said, tool_texts, translations

PANEL_ID = "weekgen-warnings"


class Texts:
    """The preview's sentences in one language (`_` and `ngettext`, as `tools/catalogs.py`
    looks for them)."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        # (a language weekgen has no catalogue for: the msgids)
        self.catalog: gettext.NullTranslations = translations(language)

    def _(self, message: str, **values: Any) -> str:
        text = self.catalog.gettext(message)
        return text % values if values else text

    def ngettext(self, one: str, many: str, n: int, **values: Any) -> str:
        return self.catalog.ngettext(one, many, n) % {"n": n, **values}


def source_html(problem: Problem) -> str:
    """The offending line, wrapped when long, with a caret under the column that stays under it
    when the line wraps: it hangs from the character itself, drawn by the style sheet, so that
    the line copies and reads as it is in the file."""
    line = problem.source_line.rstrip()
    col = problem.position.col
    if not line:
        return ""
    if not col or col > len(line) + 1:
        return f"<pre>{html.escape(line)}</pre>"
    before, at, after = line[:col - 1], line[col - 1:col] or " ", line[col:]
    return (f"<pre>{html.escape(before)}<span class='at'>{html.escape(at)}</span>"
            f"{html.escape(after)}</pre>")


def _item(p: Problem, texts: Texts) -> str:
    """One problem, its message and hint said in the site's language, as the command line
    says them."""
    say = tool_texts(texts.language)
    hint = f"<p class='hint'>{html.escape(said(p.hint, say))}</p>" if p.hint else ""
    return (f"<li><p><code>{html.escape(str(p.position))}</code>: "
            f"{html.escape(said(p.message, say))}</p>{source_html(p)}{hint}</li>")


# The caret hangs below its character: the lines of a <pre> are spaced to leave it room.
SOURCE_STYLE = """pre{white-space:pre-wrap;overflow-wrap:anywhere;line-height:2.1;
background:#f4f4f4;padding:.25rem .5rem .6rem;margin:.25rem 0}
.at{position:relative;background:#ffe08a}
.at::after{content:"^";position:absolute;left:0;top:.95em;line-height:1;font-size:1.3em;
color:#a30000;font-weight:bold}"""


def error_page(problems: list[Problem], crash: str | None = None,
               texts: Texts | None = None) -> str:
    """A page of its own (not the site's templates, which may be what is broken)."""
    texts = texts or Texts()
    items = [_item(p, texts) for p in problems if p.severity == "error"]
    if crash:
        failed = texts._("weekgen zelf liep vast: %(what)s", what=crash)
        items.append(f"<li><p>{html.escape(failed)}</p></li>")
    count = len(items)
    title = texts.ngettext("weekgen: %(n)s fout", "weekgen: %(n)s fouten", count)
    intro = texts.ngettext("Verbeter de fout hieronder en sla op: deze pagina laadt vanzelf "
                           "opnieuw.", "Verbeter de fouten hieronder en sla op: deze pagina "
                           "laadt vanzelf opnieuw.", count)
    heading = texts._("De site kon niet gebouwd worden")
    warnings = [p for p in problems if p.severity == "warning"]
    more = ""
    if warnings:
        also = texts.ngettext("%(n)s waarschuwing", "%(n)s waarschuwingen", len(warnings))
        more = (f"<h2>{html.escape(also)}</h2>"
                f"<ol>{''.join(_item(p, texts) for p in warnings)}</ol>")
    return f"""<!DOCTYPE html>
<html lang="{html.escape(texts.language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>body{{font:1rem/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a}}h1{{color:#a30000}}li{{margin-bottom:1rem}}.hint{{color:#4a4a4a}}
{SOURCE_STYLE}</style></head>
<body><main><h1 id="weekgen-errors">{html.escape(heading)}</h1>
<p>{html.escape(intro)}</p>
<ol class="weekgen-errors">{''.join(items)}</ol>{more}</main></body></html>
"""


# Its own look whatever the site's style sheet does, like the time-travel bar's: #1a1a1a on
# #fff4ce is 16:1, the focus ring #1a1a1a.
PANEL_STYLE = f"""<style>
#{PANEL_ID}{{all:revert;display:block;position:relative;margin:0;padding:.5rem 3.5rem .5rem 1rem;
background:#fff4ce;color:#1a1a1a;border-bottom:3px solid #8a6d00;
font:.95rem/1.5 system-ui,sans-serif;text-align:left}}
#{PANEL_ID} *{{all:revert;font:inherit;color:inherit}}
#{PANEL_ID} h2{{font-weight:bold;margin:0 0 .25rem}}
#{PANEL_ID} ol{{margin:0;padding-left:1.5rem}}
#{PANEL_ID} li{{margin:.25rem 0}}
#{PANEL_ID} p{{margin:0}}
#{PANEL_ID} code{{font-family:ui-monospace,monospace}}
#{PANEL_ID} .hint{{color:#3d3d3d}}
#{PANEL_ID} pre{{font-family:ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere;
line-height:2.1;background:#fffbe8;padding:.1rem .5rem .5rem;margin:.2rem 0}}
#{PANEL_ID} .at{{position:relative;background:#ffe08a}}
#{PANEL_ID} .at::after{{content:"^";position:absolute;left:0;top:.95em;line-height:1;
font-size:1.3em;color:#a30000;font-weight:bold}}
#{PANEL_ID} button{{position:absolute;top:.4rem;right:.6rem;padding:.1rem .5rem;
background:#fff;color:#1a1a1a;border:1px solid #1a1a1a;cursor:pointer}}
#{PANEL_ID} button:focus{{outline:3px solid #1a1a1a;outline-offset:2px}}
</style>"""

# Closing the panel hides it for these warnings: it stays closed on the next pages and reloads,
# and opens again when the warnings change (its data-key is their digest).
PANEL_SCRIPT = f"""<script>(function () {{
var panel = document.getElementById("{PANEL_ID}");
var key = "{PANEL_ID}:" + panel.getAttribute("data-key");
try {{ if (sessionStorage.getItem(key)) {{ panel.hidden = true; }} }} catch (e) {{}}
panel.querySelector("button").addEventListener("click", function () {{
  panel.hidden = true;
  try {{ sessionStorage.setItem(key, "1"); }} catch (e) {{}}
  var main = document.querySelector("main") || document.body;
  if (!main.hasAttribute("tabindex")) {{ main.setAttribute("tabindex", "-1"); }}
  main.focus();
}});
}})();</script>"""


def warnings_panel(warnings: list[Problem], texts: Texts) -> str:
    """The panel of the last build's warnings for the top of a page; '' without warnings."""
    if not warnings:
        return ""
    digest = hashlib.blake2b("\0".join(map(str, warnings)).encode(), digest_size=8).hexdigest()
    count = len(warnings)
    heading = texts.ngettext("%(n)s waarschuwing", "%(n)s waarschuwingen", count)
    why = texts._("Bezoekers zien dit verkeerd; weekgen check --strict houdt de site tegen. "
                  "Alleen het voorbeeld toont dit.")
    close = texts._("Sluiten")
    items = "".join(_item(p, texts) for p in warnings)
    return (f'{PANEL_STYLE}<section id="{PANEL_ID}" role="region" data-key="{digest}" '
            f'aria-labelledby="{PANEL_ID}-title"><h2 id="{PANEL_ID}-title">'
            f"{html.escape(heading)}</h2><p>{html.escape(why)}</p><ol>{items}</ol>"
            f'<button type="button">{html.escape(close)}</button></section>{PANEL_SCRIPT}')
