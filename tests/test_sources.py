"""Reading content files: encodings, line endings, empty files, hostile YAML, sizes, symlinks."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

import weekgen.read.sources
from site_helpers import h1, page

ACTIVITIES = "content/2021/activities.yaml"
Build = Callable[..., tuple[int, str]]
MakeProject = Callable[..., Path]


def test_utf8_bom_is_handled(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        ACTIVITIES: "\ufeff- title: Café de Week\n  date: 2021-11-15\n",
        "content/2021/week.yaml": "\ufefftheme: dichtbij\n",
        "content/2021/doe-mee.md": "\ufeff---\ntitle: Doe mee\n---\nDe tekst.\n",
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    assert h1(page(out, "/2021/activiteiten/cafe-de-week/")) == "Café de Week"
    assert h1(page(out, "/2021/doe-mee/")) == "Doe mee"


def test_bom_does_not_shift_columns(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: "\ufeff- title: A\n  date: 2021-11-15\n  foo: x\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert f"{ACTIVITIES}:3:3: onbekende sleutel 'foo' in deze activiteit" in err.splitlines()


def test_crlf_line_endings_build(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        ACTIVITIES: b"- title: Open dag\r\n  date: 2021-11-15\r\n  description: |\r\n"
                    b"    Eerste regel.\r\n    Tweede regel.\r\n",
        "content/2021/doe-mee.md": b"---\r\ntitle: Doe mee\r\n---\r\nDe tekst.\r\n",
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    tree = page(out, "/2021/activiteiten/open-dag/")
    assert h1(tree) == "Open dag"
    assert b"\r" not in (out / "2021/activiteiten/open-dag/index.html").read_bytes()
    assert h1(page(out, "/2021/doe-mee/")) == "Doe mee"


def test_crlf_keeps_positions_right(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        ACTIVITIES: b"- title: Open dag\r\n  date: 2021-11-15\r\n  participants: veel\r\n",
        "content/2021/doe-mee.md": b"---\r\ntitle: Doe mee\r\ndraft: soms\r\n---\r\nx\r\n",
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    lines = err.splitlines()
    assert f"{ACTIVITIES}:3:17: 'participants' veel is geen heel getal" in lines
    assert "content/2021/doe-mee.md:3:8: 'draft' soms is niet true of false" in lines


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_non_utf8_file_is_reported_with_its_place(make_project: MakeProject, build: Build,
                                                  encoding: str) -> None:
    project = make_project({
        ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n  location: Café Ûtrecht\n"
                    .encode(encoding),
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert "Traceback" not in err
    assert f'{ACTIVITIES}:3:16: het bestand is geen UTF-8-tekst (byte 0xe9)' in err.splitlines()
    assert not (project / "public").exists()


def test_non_utf8_column_counts_characters_not_bytes(make_project: MakeProject,
                                                     build: Build) -> None:
    """Before the bad byte the line is valid UTF-8: 'Één' is three characters (five bytes)."""
    project = make_project({
        ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n  location: Één ".encode()
                    + "café\n".encode("cp1252"),
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert f'{ACTIVITIES}:3:20: het bestand is geen UTF-8-tekst (byte 0xe9)' in err.splitlines()


def test_non_utf8_page_is_reported(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2021/doe-mee.md": "---\ntitle: Één\n---\n".encode("cp1252")})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert 'content/2021/doe-mee.md:2:8: het bestand is geen UTF-8-tekst (byte 0xc9)' in err


def test_empty_activities_file_means_no_activities(make_project: MakeProject,
                                                   build: Build) -> None:
    project = make_project({ACTIVITIES: "", "content/2018/activities.yaml": "# nog niets\n"})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    assert (out / "2021/maandag/index.html").is_file()
    assert [p.name for p in (out / "2021/activiteiten").iterdir()] == ["index.html"]


def _alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "- title: Lachen\n  date: 2021-11-15\n  x:\n" + "".join(
        f"    {line}\n" for line in lines)


def test_alias_bomb_is_refused_quickly(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: _alias_bomb()})
    started = time.perf_counter()
    code, err = build(project, "--today", "2021-11-01")
    assert time.perf_counter() - started < 30  # unbounded, minutes
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith(f"{ACTIVITIES}")
    assert "de aliassen van de YAML worden" in first and "meer dan weekgen leest" in first
    assert 'schrijf de waarden uit in plaats van ze met aliassen (*) te herhalen' in err


@pytest.mark.parametrize("text", [
    "&a [*a]\n",
    "- &a\n  title: A\n  date: 2021-11-15\n  media: [*a]\n",
])
def test_recursive_alias_is_refused(make_project: MakeProject, build: Build, text: str) -> None:
    project = make_project({ACTIVITIES: text})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert "Traceback" not in err
    assert err.splitlines()[0] == f"{ACTIVITIES}: de YAML verwijst via een alias (*) naar zichzelf"


def test_file_over_the_size_limit_is_refused(make_project: MakeProject, build: Build,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weekgen.read.sources, "MAX_FILE_BYTES", 1000)
    project = make_project({
        ACTIVITIES: "- title: Open dag\n  date: 2021-11-15\n  description: " + "x" * 2000 + "\n",
        "content/2018/activities.yaml": "- title: Klein\n  date: 2018-11-19\n",
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    headline = err.splitlines()[0]
    assert headline.startswith(f"{ACTIVITIES}: het bestand is te groot")
    assert "content/2018/activities.yaml" not in err
    assert not (project / "public").exists()


def test_symlink_out_of_content_is_refused(tmp_path: Path, make_project: MakeProject,
                                          build: Build) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Geheim\n---\nNiet publiceren.\n")
    project = make_project({"content/2021/week.yaml": ""}, root=tmp_path / "site")
    (project / "content/2021/geheim.md").symlink_to(secret)
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert err.splitlines()[0].startswith(
        "content/2021/geheim.md: geweigerd: een symlink naar ") and "buiten content/" in err
    assert not (project / "public").exists()


def test_symlinked_year_folder_out_of_content_is_refused(tmp_path: Path,
                                                         make_project: MakeProject,
                                                         build: Build) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "activities.yaml").write_text("- title: A\n  date: 2021-11-15\n")
    project = make_project({}, root=tmp_path / "site")
    (project / "content/2021").symlink_to(elsewhere, target_is_directory=True)
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert err.splitlines()[0].startswith("content/2021: geweigerd: een symlink naar ")


def test_symlinked_activities_file_out_of_content_is_refused(tmp_path: Path,
                                                             make_project: MakeProject,
                                                             build: Build) -> None:
    outside = tmp_path / "extra.yaml"
    outside.write_text("- title: A\n  date: 2021-11-15\n")
    project = make_project({ACTIVITIES: ""}, root=tmp_path / "site")
    (project / "content/2021/activities").mkdir()
    (project / "content/2021/activities/extra.yaml").symlink_to(outside)
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert err.splitlines()[0].startswith(
        "content/2021/activities/extra.yaml: geweigerd: een symlink naar ")


def test_symlink_within_content_is_fine(make_project: MakeProject, build: Build) -> None:
    project = make_project({"content/2021/doe-mee.md": "---\ntitle: Doe mee\n---\nDe tekst.\n"})
    (project / "content/2021/meedoen.md").symlink_to(Path("doe-mee.md"))
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    assert h1(page(out, "/2021/meedoen/")) == "Doe mee"
    assert h1(page(out, "/2021/doe-mee/")) == "Doe mee"


def test_activities_folder_is_read(make_project: MakeProject, build: Build) -> None:
    project = make_project({
        "content/2021/activities/utrecht.yaml": "- title: In Utrecht\n  date: 2021-11-15\n",
        "content/2021/activities/zeist.yaml": "- title: In Zeist\n  date: 2021-11-16\n",
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    assert h1(page(out, "/2021/activiteiten/in-utrecht/")) == "In Utrecht"
    assert h1(page(out, "/2021/activiteiten/in-zeist/")) == "In Zeist"


def test_content_is_never_written(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: "- title: A\n  date: 2021-11-15\n"})
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.rglob("*")
              if p.is_file()}
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (project / "content").rglob("*")
             if p.is_file()}
    assert after == before


@pytest.mark.parametrize(("text", "anchor"), [
    ("&a [1, 2]", True), ("a: &b 1", True), ("a: [&c 1]", True), ("a: {x: &d 1}", True),
    ("- 1\n- &e 2", True), ("a: [1,&f 2]", True), ("a: 1\t&g", True),
    ("title: Jip & Janneke", False), ("url: https://x.nl/?a=1&b=2", False), ("a: b&c", False),
    ("", False)])
def test_an_alias_needs_an_anchor_first(text: str, anchor: bool) -> None:
    assert weekgen.read.sources._may_have_anchor(text) is anchor


CONFLICT = """\
- title: Voorleesochtend
  date: 2021-11-15
<<<<<<< HEAD
  organiser: Bibliotheek Fictief
=======
  organiser: Bibliotheek Verzonnen
>>>>>>> aanmeldingen-west
"""


def test_a_file_with_git_conflict_markers_says_so(make_project: MakeProject,
                                                  build: Build) -> None:
    project = make_project({
        "content/2021/activities/west.yaml": CONFLICT,
        "content/2021/doe-mee.md": "---\ntitle: Doe mee\n---\nTekst\n<<<<<<<\nDe ene\n=======\n"
                                   "De andere\n>>>>>>> main\n",
        "content/2021/kop.md": "---\ntitle: Kop\n---\nEen kop\n=======\n\nTekst.\n",  # setext
    })
    code, err = build(project, "--today", "2021-11-01")
    assert code == 1
    assert ("content/2021/activities/west.yaml:3:1: dit bestand bevat een onafgemaakte git-merge "
            "op regel 3") in err.splitlines()
    assert ("content/2021/doe-mee.md:5:1: dit bestand bevat een onafgemaakte git-merge op "
            "regel 5") in err.splitlines()
    assert "broken YAML" not in err and "kop.md" not in err
    assert "tip: houd de versie die je wilt van de regels tussen <<<<<<<, ======= en >>>>>>>" \
           in err
