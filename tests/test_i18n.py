"""The interface speaks the site's language: the templates' Dutch texts go through gettext, the nl
and en catalogs hold every one of them, and `language: en` gives English labels, dates and
numbers (addresses stay Dutch)."""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from site_helpers import (
    REPO,
    SAMPLE_CONTENT,
    all_html_files,
    h1,
    main_text,
    page,
    parse,
    run_main,
    text,
)

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]
SampleSite = Callable[..., Path]


def catalogs_tool() -> ModuleType:
    """tools/catalogs.py, which extracts the texts exactly as it does for the catalogs."""
    spec = importlib.util.spec_from_file_location("catalogs", REPO / "tools" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return catalogs_tool()


def ids(catalog: object) -> set[object]:
    return {m.id for m in catalog if m.id}  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_catalog_holds_every_text_of_the_templates(tool: ModuleType, language: str) -> None:
    in_templates = ids(tool.extract())
    in_catalog = ids(tool.read(language))
    assert len(in_templates) > 50
    fix = "run `python tools/catalogs.py`, then translate the new texts in the en catalog"
    assert in_templates - in_catalog == set(), f"texts missing from {language}: {fix}"


def test_every_text_has_its_english_translation(tool: ModuleType) -> None:
    catalog = tool.read("en")
    untranslated = [m.id for m in catalog if m.id and not all(
        m.string if isinstance(m.string, tuple) else (m.string,))]
    assert untranslated == [], "translate these in src/weekgen/i18n/en/LC_MESSAGES/weekgen.po"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert fuzzy == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_translations_keep_their_placeholders(tool: ModuleType, language: str) -> None:
    """'%(year)s' in a text must be in its translation too, or the page fails to render."""
    problems = [(m.id, [str(e) for e in errors]) for m, errors in tool.read(language).check()]
    assert problems == []


def test_the_dutch_catalog_is_the_templates_own_text(tool: ModuleType) -> None:
    for m in tool.read("nl"):
        if m.id and not tool.is_code_text(m.locations):
            assert m.string == m.id


def test_every_tool_text_has_its_dutch_translation(tool: ModuleType) -> None:
    """The tools' texts are English in the code: the English catalog copies them, the Dutch one
    translates each."""
    nl, en = tool.read("nl"), tool.read("en")
    code = [m for m in nl if m.id and tool.is_code_text(m.locations)]
    assert len(code) > 50
    untranslated = [m.id for m in code if not all(
        m.string if isinstance(m.string, tuple) else (m.string,))]
    assert untranslated == [], "translate these in src/weekgen/i18n/nl/LC_MESSAGES/weekgen.po"
    assert [m.id for m in code if en.get(m.id).string != m.id] == []


def test_a_tool_text_is_found_where_it_is_marked(tool: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(
        'A = N_("a {thing} here")\nb = texts.plural("{count} file", "{count} files", n)\n', "utf-8")
    assert ids(tool.extract_code(tmp_path)) >= {"a {thing} here", ("{count} file",
                                                                  "{count} files")}


def test_a_template_text_is_found_where_it_is_used(tool: ModuleType, tmp_path: Path) -> None:
    """The extraction sees `_()` calls and `{% trans %}` blocks with plurals."""
    (tmp_path / "x.html").write_text(
        '{{ _("Hallo %(naam)s", naam=n) }}\n'
        "{% trans count=n %}{{ count }} ding{% pluralize %}{{ count }} dingen{% endtrans %}\n",
        "utf-8")
    assert ids(tool.extract(tmp_path, code=None)) == {"Hallo %(naam)s", ("%(count)s ding",
                                                                         "%(count)s dingen")}


def test_a_text_of_the_preview_is_found_where_it_is_used(tool: ModuleType,
                                                         tmp_path: Path) -> None:
    """The preview's pages are not templates: their texts are `texts._()` calls in Python."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "x.py").write_text(
        'a = texts._("Sluiten")\nb = texts.ngettext("%(n)s fout", "%(n)s fouten", n)\n'
        'c = f"{texts._(\'in een f-string\')}"\n', "utf-8")
    assert ids(tool.extract(tmp_path / "templates", tmp_path / "code")) >= {
        "Sluiten", ("%(n)s fout", "%(n)s fouten")}


# --- a site in English ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content with `language: en`, during the Week of 2021."""
    root = tmp_path_factory.mktemp("english")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8").replace("language: nl", "language: en"),
                         "utf-8")
    assert "language: en" in site_yaml.read_text("utf-8")
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"), "--no-cache",
                     "--quiet", "--today", "2021-11-16"])
    assert code == 0
    return root / "public"


def test_english_site_says_so(english: Path) -> None:
    for path in all_html_files(english):
        assert parse(path).get("lang") == "en", path


def test_english_dates_and_labels(english: Path) -> None:
    monday = page(english, "/2021/maandag/")  # addresses stay Dutch
    assert h1(monday) == "Monday 15 November 2021"
    skip = monday.xpath("//a[@class='skip-link']")[0]
    assert text(skip) == "Skip to content"
    nav = [text(a) for a in monday.xpath("//nav[@class='week-nav']//a")]
    assert "Monday 15" in nav[0] and "Mon" in nav[0]
    assert "All activities" in nav
    assert "Previous and next day" in monday.xpath("//nav/@aria-label")
    shown = main_text(monday)
    assert "Activities" in shown and "When" in shown and "all day" in shown
    assert "Wanneer" not in shown and "hele dag" not in shown


def test_english_activity_page(english: Path) -> None:
    tree = page(english, "/2021/activiteiten/kinderopvang-wat-doe-je-bij-een-vermoeden/")
    facts = {text(dt): text(dt.getnext()) for dt in tree.xpath("//main//dl/div/dt")}
    assert facts["Date"] == "Monday 15 November 2021"
    assert facts["Organiser"] == "Kinderopvangorganisaties"  # content is not translated
    assert facts["Kind"] == "Meeting"


def test_english_plurals_and_numbers(english: Path) -> None:
    overview = page(english, "/2021/activiteiten/")
    assert "7 activities, day by day." in main_text(overview)
    assert h1(overview) == "All activities 2021"
    assert overview.xpath("//label[@for='filter-dag']/text()") == ["Day"]
    lookback = page(english, "/2018/terugblik/")
    figures = {text(dt): text(dt.getnext()) for dt in lookback.xpath("//dl[@class='totals']//dt")}
    assert re.fullmatch(r"\d,\d{3}", figures["Participants"])  # as English writes 1,950


def test_english_dates_of_the_week(english: Path) -> None:
    lead = page(english, "/2021/").xpath("//section[contains(@class, 'lead-block')]"
                                         "//p[@class='dates']")
    assert [text(p) for p in lead] == ["15–21 November 2021"]


def test_english_404(english: Path) -> None:
    assert h1(parse(english / "404.html")) == "Page not found"


def test_dutch_is_the_default(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2021/week.yaml": "theme: samen\n"})
    assert build(project, "--today", "2021-11-16")[0] == 0
    monday = page(project / "public", "/2021/maandag/")
    assert monday.get("lang") == "nl"
    assert h1(monday) == "Maandag 15 november 2021"
    assert text(monday.xpath("//a[@class='skip-link']")[0]) == "Naar de inhoud"
    dates = page(project / "public", "/2021/").xpath("//p[@class='dates']")
    assert [text(p) for p in dates] == ["15–21 november 2021"]  # months in full


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_quick_gettext_is_jinjas_own(language: str) -> None:
    """render._gettext skips Jinja2's context calls; what it returns must not differ, for every
    text of the catalog, with and without variables (escaped), and for '%%'."""
    import jinja2
    from babel.messages.pofile import read_po

    from weekgen import messages
    from weekgen.render import pages as render
    catalog = render.translations(language)
    jinja = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    ours = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    ours.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    ours.globals["_"] = ours.globals["gettext"] = render._gettext(catalog)
    with (messages.CATALOGS / language / "LC_MESSAGES" / "weekgen.po").open("rb") as f:
        ids = [m.id for m in read_po(f) if m.id and isinstance(m.id, str)]
    sources = ["{{ _(s) }}", "{{ _(s, year='<b>', n=3, count=2) }}",
               "{% trans x=s %}a {{ x }} 50%{% endtrans %}"]
    assert len(ids) > 50
    for s in [*ids, "100%% zeker", "<i>%(year)s</i>"]:
        for source in sources:
            try:
                expected = jinja.from_string(source).render(s=s)
            except (KeyError, ValueError, TypeError) as exc:  # a text that needs variables
                with pytest.raises(type(exc)):
                    ours.from_string(source).render(s=s)
                continue
            assert ours.from_string(source).render(s=s) == expected, (s, source)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_catalogues_read_without_babel_as_babel_reads_them(language: str) -> None:
    """messages.py reads weekgen's own .po files itself (Babel took most of a small rebuild's
    time for it): the same translations, plural rule and texts as Babel's reading gives."""
    import gettext
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from weekgen import messages

    path = messages.CATALOGS / language / "LC_MESSAGES" / "weekgen.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=language, domain="weekgen")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    babels = gettext.GNUTranslations(compiled)
    ours = messages.translations(language)
    assert isinstance(ours, gettext.GNUTranslations)
    assert {k: v for k, v in ours._catalog.items() if k} == \
        {k: v for k, v in babels._catalog.items() if k}  # type: ignore[attr-defined]
    assert [ours.plural(n) for n in range(30)] == [babels.plural(n) for n in range(30)]
    if language == "nl":
        ids = {i for m in catalog for i in ([m.id] if isinstance(m.id, str) else m.id)} - {""}
        assert messages.interface_texts() == ids
