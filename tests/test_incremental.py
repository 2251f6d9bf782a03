"""One site, however it is built: cold or incremental, in parallel or serially, from the command
line or in a long-running session, the output is the same, byte for byte."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from weekgen.build import build
from weekgen.engine import cache as cache_module
from weekgen.engine.session import Session
from weekgen.errors import BuildFailed
from weekgen.formats import ics
from weekgen.model.content import Activity
from weekgen.options import BuildOptions
from weekgen.read import load as load_module
from weekgen.read import sources
from weekgen.read.project import open_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import corpus

TODAY = date(2026, 12, 1)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three fictional years, big enough that parsing, Markdown and pages run in workers."""
    root = tmp_path_factory.mktemp("incremental") / "site"
    corpus.write_weekgen(root, corpus.generate(3, 80), pages_per_year=3, per_file=40)
    return root


def fresh_copy(project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".weekgen-cache", "public*"))
    return copy


def edit(root: Path) -> None:
    """What editors do: retitle one activity, remove another, change a page, add a page."""
    first = sorted((root / "content" / "2026" / "activities").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    text = text.replace('- title: "', '- title: "Nieuw: ', 1)
    second = text.index("\n- title:", text.index("\n- title:") + 1)
    third = text.index("\n- title:", second + 1)
    first.write_text(text[:second] + text[third:], encoding="utf-8")
    page = root / "content" / "2025" / "pagina-01.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Pagina 1", "Eerste pagina"),
                    encoding="utf-8")
    (root / "content" / "2024" / "nieuw.md").write_text("---\ntitle: Nieuw\n---\nTekst.\n",
                                                         encoding="utf-8")


def cold(root: Path, out: Path, workers: int | None = None,
         today: date = TODAY) -> dict[str, bytes]:
    build(open_project(root), out, BuildOptions(today=today, use_cache=False, workers=workers))
    return tree(out)


def test_parallel_and_serial_builds_are_identical(project: Path, tmp_path: Path) -> None:
    parallel = cold(project, tmp_path / "parallel")
    serial = cold(project, tmp_path / "serial", workers=1)
    assert len(parallel) > 400
    assert parallel == serial


def test_a_build_that_keeps_its_work_in_the_cache_is_identical(project: Path,
                                                               tmp_path: Path) -> None:
    """With a cache, the pages read their HTML and events from it chunk by chunk (build._Lean);
    without one, everything stays in memory."""
    root = fresh_copy(project, tmp_path)
    build(open_project(root), tmp_path / "public", BuildOptions(today=TODAY))
    assert (root / ".weekgen-cache").is_dir()
    assert tree(tmp_path / "public") == cold(project, tmp_path / "cold", workers=1)


def test_incremental_build_equals_a_cold_build_after_edits(project: Path, tmp_path: Path) -> None:
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    build(site, out, BuildOptions(today=TODAY))
    edit(root)
    report = build(site, out, BuildOptions(today=TODAY))
    assert report.removed >= 1  # the removed activity's page
    assert tree(out) == cold(root, tmp_path / "cold")


def add_a_sentence(root: Path) -> None:
    """To the description of the first activity of 2025."""
    first = sorted((root / "content" / "2025" / "activities").glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace(
        "  description: |\n", "  description: |\n    Een zin erbij.\n\n", 1), encoding="utf-8")


def test_an_edited_description_rewrites_only_its_page(project: Path, tmp_path: Path) -> None:
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    build(site, out, BuildOptions(today=TODAY))
    add_a_sentence(root)
    report = build(site, out, BuildOptions(today=TODAY))
    # its page, its calendar and the year's calendar (which show its text); no feed shows it
    assert (report.written, report.removed) == (3, 0)
    assert tree(out) == cold(root, tmp_path / "cold")


def test_after_an_edit_one_calendar_event_is_made_again(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The year's calendar holds 80 events; the others come from the cache, not from memory."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    build(site, out, BuildOptions(today=TODAY))
    add_a_sentence(root)
    made: list[str] = []
    real = ics.event

    def counting(activity: Activity, *args: Any) -> Any:
        made.append(activity.title)
        return real(activity, *args)

    monkeypatch.setattr(ics, "event", counting)
    build(site, out, BuildOptions(today=TODAY, workers=1))
    assert len(made) == 1
    assert tree(out) == cold(root, tmp_path / "cold")


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files a test writes are seconds old at most: trust their stats all the same. (Every edit
    here changes a file's size: within one tick of the kernel's clock a same-size edit could
    keep a file's stat, which is what the margin is for.)"""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files (activities and pages) a build reads from now on."""
    read: list[str] = []
    real = sources.read_source

    def counting(root: Path, rel: str, problems: Any) -> Any:
        if "/activities/" in rel or rel.endswith(".md"):
            read.append(rel)
        return real(root, rel, problems)

    monkeypatch.setattr(sources, "read_source", counting)
    monkeypatch.setattr(load_module, "read_source", counting)
    return read


def test_an_edit_reads_the_edited_files_alone(project: Path, tmp_path: Path, trusting: None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue: an edit re-reads one small file. The others are known by their stat from the
    last build, and their records come from the cache."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    build(site, out, BuildOptions(today=TODAY))
    edit(root)
    read = reads(monkeypatch)
    build(site, out, BuildOptions(today=TODAY))
    assert sorted(read) == ["content/2024/nieuw.md", "content/2025/pagina-01.md",
                            "content/2026/activities/001.yaml"]
    assert tree(out) == cold(root, tmp_path / "cold")


def test_a_known_file_missing_from_the_cache_is_read_after_all(
        project: Path, tmp_path: Path, trusting: None, monkeypatch: pytest.MonkeyPatch) -> None:
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    build(site, out, BuildOptions(today=TODAY))
    for parsed in (root / ".weekgen-cache").glob("*/parsed/*.pickle"):
        parsed.unlink()
    add_a_sentence(root)
    read = reads(monkeypatch)
    build(site, out, BuildOptions(today=TODAY))
    assert len(read) > 10  # every file again, their parsed records being gone
    assert tree(out) == cold(root, tmp_path / "cold")


def test_the_error_of_a_known_file_quotes_its_line_again(project: Path, tmp_path: Path,
                                                         trusting: None) -> None:
    """A file with an error, unchanged since the last build, is not read for its records (the
    cache has them, and its problems) but for its lines, which the report quotes."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    broken = sorted((root / "content" / "2025" / "activities").glob("*.yaml"))[0]
    broken.write_text(broken.read_text(encoding="utf-8").replace("date: 2025-", "date: 2025-13-",
                                                                  1), encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(BuildFailed) as failed:
            build(site, tmp_path / "public", BuildOptions(today=TODAY))
        messages.append([(str(p), p.source_line) for p in failed.value.problems])
        page = root / "content" / "2026" / "pagina-01.md"  # another file changes, not this one
        page.write_text(page.read_text(encoding="utf-8") + "\nMeer.\n", encoding="utf-8")
    assert messages[0] == messages[1]
    assert messages[0] and all(line for _, line in messages[0])
    assert "date: 2025-13-" in messages[0][0][1]


def test_session_rebuilds_equal_cold_builds(project: Path, tmp_path: Path) -> None:
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "preview"
    session = Session()
    options = BuildOptions(today=TODAY, workers=1)
    build(site, out, options, session=session)
    before = tree(out)
    edit(root)
    build(site, out, options, session=session)
    assert tree(out) == cold(root, tmp_path / "cold-after")
    template = root / "templates" / "_activity.html"
    template.parent.mkdir(exist_ok=True)
    default = Path(__file__).resolve().parents[1] / "templates" / "_activity.html"
    template.write_text(default.read_text(encoding="utf-8").replace(
        'class="activity-title"', 'class="activity-title changed"'), encoding="utf-8")
    build(site, out, options, session=session)
    changed = tree(out)
    assert changed == cold(root, tmp_path / "cold-template")
    assert changed != before
    # by now staged against what the session's last builds left (output.Layout), unlooked-at
    (root / "content" / "2026" / "pagina-01.md").unlink()  # a page, and its folder, go
    edit(root)
    build(site, out, options, session=session)
    assert tree(out) == cold(root, tmp_path / "cold-removed")


def test_a_new_session_checks_the_files_an_earlier_one_left(project: Path,
                                                            tmp_path: Path) -> None:
    """A session writes the manifest after its first build only; a later session must not trust
    it blindly when the preview folder changed after that."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "preview"
    options = BuildOptions(today=TODAY, workers=1)
    first = sorted((root / "content" / "2026" / "activities").glob("*.yaml"))[0]
    original = first.read_text(encoding="utf-8")
    session = Session()
    build(site, out, options, session=session)
    first.write_text(original.replace('- title: "', '- title: "Nieuw: ', 1), encoding="utf-8")
    build(site, out, options, session=session)
    first.write_text(original, encoding="utf-8")  # as it was when the manifest was written
    build(site, out, options, session=Session())
    assert tree(out) == cold(root, tmp_path / "cold")


def test_session_follows_the_build_date(project: Path, tmp_path: Path) -> None:
    """A preview left running moves on with the date: the Week's state is not frozen."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    session = Session()
    out = tmp_path / "preview"
    for day in (date(2026, 11, 1), date(2026, 11, 18), date(2026, 11, 23)):
        build(site, out, BuildOptions(today=day, workers=1), session=session)
        assert tree(out) == cold(root, tmp_path / f"cold-{day}", workers=1, today=day), day


def own_words(root: Path, menu: str) -> None:
    """The site's own catalogue, written or edited: its word for the theme's 'Alle activiteiten'."""
    (root / "i18n").mkdir(exist_ok=True)
    (root / "i18n" / "nl.po").write_text(
        f'msgid "Alle activiteiten"\nmsgstr "{menu}"\n\n'
        'msgid "%(count)s activiteit"\nmsgid_plural "%(count)s activiteiten"\n'
        f'msgstr[0] "%(count)s afspraak"\nmsgstr[1] "%(count)s {menu.lower()}"\n',
        encoding="utf-8")


@pytest.mark.parametrize("session", [False, True], ids=["build", "session"])
def test_an_edited_site_catalogue_rebuilds_the_pages(project: Path, tmp_path: Path,
                                                     session: bool) -> None:
    """The site's i18n/nl.po is in every page's key: adding it and editing it change the pages,
    as a cold build of the same content makes them."""
    root = fresh_copy(project, tmp_path)
    site = open_project(root)
    out = tmp_path / "public"
    options = BuildOptions(today=TODAY, workers=1)
    kept = Session() if session else None
    build(site, out, options, session=kept)
    for words in ("Het programma", "Alles op een rij"):
        own_words(root, words)
        build(site, out, options, session=kept)
        built = tree(out)
        assert built == cold(root, tmp_path / f"cold-{words}", workers=1), words
        assert words.encode() in built["2026/index.html"]


# -- what a page shows of other files: another year's page address, a picture's size --------------

def _png(width: int, height: int) -> bytes:
    from io import BytesIO

    from PIL import Image
    out = BytesIO()
    Image.new("RGB", (width, height), "#336699").save(out, "PNG")
    return out.getvalue()


def _small_site(root: Path) -> Path:
    files = {
        "content/site.yaml": "title: Proefweek\nbase_url: https://example.org/\n",
        "content/2018/meedoen.md": "---\ntitle: Meedoen\n---\nDoe mee.\n",
        "content/2018/activities.yaml": "- title: Oude dag\n  date: 2018-11-20\n",
        "content/2021/info.md": "---\ntitle: Info\n---\nZie [meedoen](../2018/meedoen.md).\n",
        "content/2021/beeld.md": "---\ntitle: Beeld\n---\n![Het plein](plein.png)\n",
        "content/2021/activities.yaml": (
            "- title: Open dag\n  date: 2021-11-16\n  highlight: true\n"
            "  description: 'Lees [hoe](../2018/meedoen.md) en kijk: ![plein](plein.png)'\n"
            "  media:\n    - kind: video\n      title: Film\n"
            "      url: https://www.youtube.com/watch?v=aaaaaaaaaaa\n"
            "      poster: poster.png\n"),
        "content/pers.md": "---\ntitle: Pers\n---\nZie [meedoen](2018/meedoen.md).\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "content" / "2021" / "plein.png").write_bytes(_png(40, 30))
    (root / "content" / "2021" / "poster.png").write_bytes(_png(64, 36))
    return root


def _new_address(root: Path) -> None:
    (root / "content" / "2018" / "meedoen.md").write_text(
        "---\ntitle: Meedoen\nslug: doe-mee\n---\nDoe mee.\n", encoding="utf-8")


def _new_pictures(root: Path) -> None:
    """Other pictures under the same names, of other sizes."""
    (root / "content" / "2021" / "plein.png").write_bytes(_png(120, 80))
    (root / "content" / "2021" / "poster.png").write_bytes(_png(32, 18))


@pytest.mark.parametrize("change", [_new_address, _new_pictures], ids=["address", "pictures"])
@pytest.mark.parametrize("session", [False, True], ids=["build", "session"])
def test_a_change_to_what_a_page_shows_of_another_file(tmp_path: Path, change: Any,
                                                       session: bool) -> None:
    """A link to another year's page shows that page's address, which its front matter
    decides; a picture's size is written into its <img>. Neither is the linking page's own
    record, and both must change its page in an incremental build, as in a cold one."""
    root = _small_site(tmp_path / "site")
    site = open_project(root)
    out = tmp_path / "public"
    options = BuildOptions(today=date(2021, 12, 1), workers=1)  # with the look-back's posters
    kept = Session() if session else None
    build(site, out, options, session=kept)
    before = tree(out)
    change(root)
    build(site, out, options, session=kept)
    after = tree(out)
    assert after == cold(root, tmp_path / "cold", workers=1, today=date(2021, 12, 1))
    assert after != before


def test_a_rebuild_takes_the_years_linking_texts_from_the_cache(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Looking for the texts that may hold links reads all of a year's Markdown: a year whose
    Week is the same has them in the cache, in a command-line build too."""
    from weekgen.model import links

    root = fresh_copy(project, tmp_path)
    options = BuildOptions(today=TODAY)
    build(open_project(root), root / "public", options)
    looked: list[int] = []
    week_texts = links.week_texts
    monkeypatch.setattr(links, "week_texts", lambda w: looked.append(w.year) or week_texts(w))
    add_a_sentence(root)
    build(open_project(root), root / "public", options)
    assert looked == [2025]  # the edited year alone
