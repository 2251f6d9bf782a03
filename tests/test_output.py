"""Writing the site: a failed build leaves public/ as it was; a rebuild touches only what changed
and removes what the site no longer has."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import weekgen.output
from site_helpers import snapshot

MakeProject = Callable[..., Path]
Build = Callable[..., tuple[int, str]]
ACTIVITIES = "content/2021/activities.yaml"
OLD = 1_000_000_000 * 10**9  # 2001, in nanoseconds: any file written now gets a later mtime

TWO = ("- title: Open dag\n  date: 2021-11-15\n  region: Utrecht\n  slug: open-dag\n"
       "- title: Lezing\n  date: 2021-11-16\n  region: Zeist\n  slug: lezing\n"
       "  description: Over veilig thuis.\n")


def age(folder: Path) -> None:
    """Give every file an old modification time, so that a rewrite shows."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))


def rewritten(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.stat().st_mtime_ns != OLD}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if "staging" in p.name or p.name.startswith(
        ".tmp"))


def test_failed_build_leaves_public_byte_identical(make_project: MakeProject,
                                                   build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 0, err
    out = project / "public"
    before = snapshot(out)
    assert len(before) > 15
    (project / ACTIVITIES).write_text(TWO + "- title: Kapot\n  date: 2021-13-01\n")
    code, err = build(project, "--today", "2021-11-17")
    assert code == 1
    assert "content/2021/activities.yaml:11:9: 'date' 2021-13-01 is geen datum" in err
    assert snapshot(out) == before
    # (schemas/: the editors' JSON Schemas, which the first build made beside content/)
    assert sorted(p.name for p in project.iterdir()) == ["content", "public", "schemas"]
    assert leftovers(project) == []


def test_failed_render_leaves_public_byte_identical(make_project: MakeProject,
                                                    build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 0, err
    out = project / "public"
    before = snapshot(out)
    (project / "templates").mkdir()
    (project / "templates/activity.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ no_such_thing.here }}\n'
        "{% endblock %}\n")
    code, err = build(project, "--today", "2021-11-17")
    assert code == 1
    assert err.splitlines()[0].startswith("templates/activity.html:3: fout in een template: ")
    assert snapshot(out) == before
    assert leftovers(project) == []


def test_failed_first_build_writes_nothing(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: "- title: Kapot\n  date: 2021-13-01\n"})
    code, _ = build(project, "--today", "2021-11-16")
    assert code == 1
    assert sorted(p.name for p in project.iterdir()) == ["content"]


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_rebuild_rewrites_only_the_pages_that_changed(make_project: MakeProject, cache: bool,
                                                      cli: Callable[..., tuple[int, str, str]],
                                                      ) -> None:
    project = make_project({ACTIVITIES: TWO})
    args = ["build", "--source", str(project), "--out", str(project / "public"),
            "--today", "2021-11-01", "--no-search", *([] if cache else ["--no-cache"])]
    code, _, err = cli(*args)
    assert code == 0, err
    out = project / "public"
    age(out)
    code, _, err = cli(*args)
    assert code == 0, err
    assert rewritten(out) == set()  # nothing changed, nothing touched

    (project / ACTIVITIES).write_text(TWO.replace("Over veilig thuis.", "Over een veilig thuis."))
    code, _, err = cli(*args)
    assert code == 0, err
    # the page, and the calendars and feeds that show its text (see test_search.py for the index)
    derived = {"2021/activiteiten/lezing/agenda.ics", "2021/agenda.ics", "2021/feed.xml",
               "feed.xml"}
    # (and the front page, whose side column shows the coming activities)
    assert rewritten(out) - {"index.html"} == {"2021/activiteiten/lezing/index.html", *derived}

    age(out)
    (project / ACTIVITIES).write_text(TWO.replace("title: Lezing", "title: Avondlezing"))
    code, _, err = cli(*args)
    assert code == 0, err
    # the front page and the day pages show the coming activities in their side column
    side = {"index.html", *(f"2021/{day}/index.html" for day in (
        "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"))}
    assert rewritten(out) - side == {
        "2021/activiteiten/lezing/index.html",
        "2021/activiteiten/index.html",
        "2021/regio/zeist/index.html",
        "regios/zeist/index.html",  # the region over all the years
        "2021/index.html",  # its JSON-LD names the Week's activities
        *derived,
    }
    assert "2021/dinsdag/index.html" in rewritten(out)  # its own day lists it


def test_stale_files_are_removed(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    out = project / "public"
    assert (out / "2021/activiteiten/lezing/index.html").is_file()
    assert (out / "2021/regio/zeist/index.html").is_file()
    (project / ACTIVITIES).write_text(TWO.split("- title: Lezing")[0])
    code, err = build(project, "--today", "2021-11-01")
    assert code == 0, err
    assert not (out / "2021/activiteiten/lezing").exists()
    assert not (out / "2021/regio/zeist").exists()
    assert (out / "2021/activiteiten/open-dag/index.html").is_file()
    assert (out / "2021/regio/utrecht/index.html").is_file()
    assert leftovers(project) == []


def test_lookback_appears_and_disappears_with_the_date(make_project: MakeProject,
                                                       build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    out = project / "public"
    assert build(project, "--today", "2021-11-22")[0] == 0
    assert (out / "2021/terugblik/index.html").is_file()
    assert build(project, "--today", "2021-11-21")[0] == 0
    assert not (out / "2021/terugblik").exists()


def test_build_is_reproducible(make_project: MakeProject, build: Build, tmp_path: Path) -> None:
    project = make_project({ACTIVITIES: TWO})
    assert build(project, "--today", "2021-11-16", out=tmp_path / "a")[0] == 0
    assert build(project, "--today", "2021-11-16", out=tmp_path / "b")[0] == 0
    a = {k: v for k, (v, _) in snapshot(tmp_path / "a").items()}
    b = {k: v for k, (v, _) in snapshot(tmp_path / "b").items()}
    assert a == b


# --- one step from the old site to the new one ---

def files_of(out: Path) -> dict[str, bytes]:
    return {k: v for k, (v, _) in snapshot(out).items()}


def beside_output(project: Path) -> list[str]:
    """What a build left next to public/: nothing once it ended, well or not."""
    return sorted(p.name for p in project.iterdir() if "public.weekgen-" in p.name)


def test_unchanged_files_keep_their_inode_and_time(make_project: MakeProject,
                                                   build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    assert build(project, "--today", "2021-11-01")[0] == 0
    out = project / "public"
    age(out)
    same, edited = out / "2021/activiteiten/open-dag/index.html", \
        out / "2021/activiteiten/lezing/index.html"
    before = {p: p.stat() for p in (same, edited, out)}
    (project / ACTIVITIES).write_text(TWO.replace("Over veilig thuis.", "Over een veilig thuis."))
    assert build(project, "--today", "2021-11-01")[0] == 0
    assert (same.stat().st_ino, same.stat().st_mtime_ns) == (before[same].st_ino, OLD)
    assert edited.stat().st_ino != before[edited].st_ino
    assert out.stat().st_ino != before[out].st_ino  # a new folder, put in place whole
    assert beside_output(project) == []


def spare_of(project: Path) -> Path:
    (spare,) = (project / ".weekgen-cache").glob("spare-*")
    return spare


def cached_build(cli: Callable[..., tuple[int, str, str]], project: Path, *args: str) -> None:
    code, _, err = cli("build", "--source", str(project), "--today", "2021-11-01", *args)
    assert code == 0, err


def test_the_old_site_is_the_next_builds_staging_folder(
        make_project: MakeProject, cli: Callable[..., tuple[int, str, str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project({ACTIVITIES: TWO})
    cached_build(cli, project)
    for n in (1, 2):
        (project / ACTIVITIES).write_text(TWO.replace("veilig thuis", f"veilig thuis {n}"))
        cached_build(cli, project)
    out, spare = project / "public", spare_of(project)
    same = "2021/activiteiten/open-dag/index.html"
    # the site before, kept in the cache (never beside the output, nor in it)
    assert (spare / same).stat().st_ino == (out / same).stat().st_ino
    assert "veilig thuis 1" in (spare / "2021/activiteiten/lezing/index.html").read_text()
    assert beside_output(project) == []
    # the next build links only what it did not have in the spare already
    linked: list[str] = []
    real_link = weekgen.output.link
    monkeypatch.setattr(weekgen.output, "link",
                        lambda source, target: (linked.append(target), real_link(source, target)))
    (project / ACTIVITIES).write_text(TWO.replace("veilig thuis", "veilig thuis 3"))
    cached_build(cli, project)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    assert files > 80 and len(linked) < 5, (files, linked)


def test_nothing_in_the_spare_is_trusted(make_project: MakeProject, tmp_path: Path,
                                         cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({ACTIVITIES: TWO}, root=tmp_path / "site")
    for n in (1, 2):
        (project / ACTIVITIES).write_text(TWO.replace("veilig thuis", f"veilig thuis {n}"))
        cached_build(cli, project)
    spare = spare_of(project)
    (spare / "2021/ingeplant.html").write_text("niet van de site")  # a file the site has not
    page = spare / "2021/activiteiten/open-dag/index.html"
    page.unlink()  # (in place it would be the live site's file: the spare's are links to it)
    page.write_text("een ander bestand onder dezelfde naam")
    shutil.rmtree(spare / "2021/activiteiten/lezing")  # a file where the site has a folder
    (spare / "2021/activiteiten/lezing").write_text("geen map")
    (spare / "2021/agenda.ics").unlink()  # a folder where the site has a file
    (spare / "2021/agenda.ics").mkdir()
    (spare / "2021/agenda.ics/x").write_text("x")
    (project / ACTIVITIES).write_text(TWO.replace("veilig thuis", "veilig thuis 3"))
    cached_build(cli, project)
    fresh = make_project({ACTIVITIES: TWO.replace("veilig thuis", "veilig thuis 3")},
                         root=tmp_path / "fresh")
    cached_build(cli, fresh, "--no-cache")
    assert files_of(project / "public") == files_of(fresh / "public")


def test_a_spare_that_is_not_a_folder_is_no_spare(
        make_project: MakeProject, tmp_path: Path,
        cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({ACTIVITIES: TWO}, root=tmp_path / "site")
    for n in (1, 2):
        (project / ACTIVITIES).write_text(TWO.replace("veilig thuis", f"veilig thuis {n}"))
        cached_build(cli, project)
    spare = spare_of(project)
    shutil.rmtree(spare)
    spare.write_text("geen map")
    (project / ACTIVITIES).write_text(TWO.replace("veilig thuis", "veilig thuis 3"))
    cached_build(cli, project)
    fresh = make_project({ACTIVITIES: TWO.replace("veilig thuis", "veilig thuis 3")},
                         root=tmp_path / "fresh")
    cached_build(cli, fresh, "--no-cache")
    assert files_of(project / "public") == files_of(fresh / "public")
    assert spare_of(project).is_dir()


ALIASED_PAGE = "---\ntitle: Doe mee\naliases:\n  - /2021/oud/\n  - {alias}\n---\nTekst.\n"


@pytest.mark.parametrize("alias", ["/robots.txt", "/sitemap.xml", "/feed.xml",
                                   "/2021/agenda.ics", "/2021/index.html/", "/404.html/",
                                   "/2021/activiteiten/open-dag/agenda.ics/",
                                   "/2021/kaart.svg/"])
def test_an_alias_on_a_file_of_the_site_is_an_error_before_anything_is_written(
        make_project: MakeProject, build: Build, alias: str) -> None:
    project = make_project({ACTIVITIES: TWO, "content/2021/kaart.svg": "<svg></svg>\n",
                            "content/2021/meedoen.md": ALIASED_PAGE.format(alias="/2021/x/")})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 0, err
    before = snapshot(project / "public")
    (project / "content/2021/meedoen.md").write_text(ALIASED_PAGE.format(alias=alias))
    code, err = build(project, "--today", "2021-11-17")
    assert code == 1, err
    assert "Traceback" not in err
    path = alias.strip("/")
    assert err.startswith(f"content/2021/meedoen.md:5:5: het oude adres /{path}/ zou een map "
                          f"worden waar de site het bestand /{path} heeft\n"), err
    assert snapshot(project / "public") == before
    assert beside_output(project) == []


def test_an_alias_inside_another_alias_is_an_error(make_project: MakeProject,
                                                   build: Build) -> None:
    page = ALIASED_PAGE.format(alias="/2021/oud/index.html/")
    code, err = build(make_project({ACTIVITIES: TWO, "content/2021/meedoen.md": page}),
                      "--today", "2021-11-16")
    assert code == 1
    assert err.startswith("content/2021/meedoen.md:5:5: het oude adres /2021/oud/index.html/ zou "
                          "een map worden waar de site het bestand /2021/oud/index.html "
                          "heeft\n"), err


def test_an_alias_into_the_search_index_is_refused(make_project: MakeProject,
                                                   build: Build) -> None:
    page = ALIASED_PAGE.format(alias="/pagefind/pagefind.js")
    code, err = build(make_project({ACTIVITIES: TWO, "content/2021/meedoen.md": page}),
                      "--today", "2021-11-16")
    assert code == 1
    assert err.startswith("content/2021/meedoen.md:5:5: 'aliases' /pagefind/pagefind.js staat "
                          "in /pagefind/, waar de index van de zoekfunctie staat\n"), err


# --- what the output folder may hold ---

USERS = {"CNAME": b"www.example.org\n", ".nojekyll": b"",
         ".well-known/security.txt": b"Contact: mailto:x@example.org\n"}


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_the_users_own_files_at_the_top_stay(make_project: MakeProject, cache: bool,
                                             cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({ACTIVITIES: TWO})
    out = project / "public"
    args = ["build", "--source", str(project), "--today", "2021-11-16", "--no-search",
            *([] if cache else ["--no-cache"])]
    assert cli(*args)[0] == 0
    for rel, data in USERS.items():
        (out / rel).parent.mkdir(exist_ok=True)
        (out / rel).write_bytes(data)
    (out / "2021/eigen.pdf").write_bytes(b"%PDF")  # inside a folder of weekgen's: not kept
    age(out)
    (project / ACTIVITIES).write_text(TWO.split("- title: Lezing")[0])
    if cache:
        shutil.rmtree(project / ".weekgen-cache")  # safe to delete: the files stay all the same
    code, _, err = cli(*args)
    assert code == 0, err
    for rel, data in USERS.items():
        assert (out / rel).read_bytes() == data
        assert (out / rel).stat().st_mtime_ns == OLD
    assert not (out / "2021/eigen.pdf").exists()
    assert not (out / "2021/activiteiten/lezing").exists()


def test_a_top_level_alias_the_site_no_longer_has_is_removed(
        make_project: MakeProject, cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({ACTIVITIES: TWO,
                            "content/2021/meedoen.md": ALIASED_PAGE.format(alias="/doe-mee/")})
    args = ["build", "--source", str(project), "--today", "2021-11-16", "--no-search"]
    assert cli(*args)[0] == 0
    assert (project / "public/doe-mee/index.html").is_file()
    (project / "content/2021/meedoen.md").write_text(ALIASED_PAGE.format(alias="/2021/x/"))
    assert cli(*args)[0] == 0
    assert not (project / "public/doe-mee").exists()  # the manifest says it was weekgen's


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_a_symlink_in_the_output_is_replaced_never_followed(
        make_project: MakeProject, tmp_path: Path, cache: bool,
        cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({ACTIVITIES: TWO}, root=tmp_path / "site")
    out = project / "public"
    args = ["build", "--source", str(project), "--today", "2021-11-16", "--no-search",
            *([] if cache else ["--no-cache"])]
    assert cli(*args)[0] == 0
    good = files_of(out)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(out / "2021", elsewhere)  # the same files, times and all
    shutil.rmtree(out / "2021")
    (out / "2021").symlink_to(elsewhere)
    (out / "404.html").unlink()
    (out / "404.html").symlink_to(elsewhere / "index.html")
    outside = snapshot(elsewhere)
    code, _, err = cli(*args)
    assert code == 0, err
    assert not (out / "2021").is_symlink() and not (out / "404.html").is_symlink()
    assert files_of(out) == good
    assert snapshot(elsewhere) == outside


# --- what the system does to a build ---

Snapshot = dict[str, tuple[bytes, int]]


def built_site(make_project: MakeProject, build: Build) -> tuple[Path, Snapshot]:
    project = make_project({ACTIVITIES: TWO})
    code, err = build(project, "--today", "2021-11-16")
    assert code == 0, err
    (project / ACTIVITIES).write_text(TWO.replace("Over veilig thuis.", "Over een veilig thuis."))
    return project, snapshot(project / "public")


def refused(build: Build, project: Path, before: Snapshot,
            *expected: str) -> None:
    code, err = build(project, "--today", "2021-11-17")
    assert code == 2, err
    assert "Traceback" not in err
    for text in expected:
        assert text in err, err
    assert snapshot(project / "public") == before
    assert beside_output(project) == []


@pytest.mark.parametrize("after", [0, 5])
def test_a_full_disk_is_a_message_and_the_old_site_stays(
        make_project: MakeProject, build: Build, monkeypatch: pytest.MonkeyPatch,
        after: int) -> None:
    project, before = built_site(make_project, build)
    calls = [0]
    real_write = weekgen.output._write

    def write(path: str, data: bytes) -> None:
        calls[0] += 1
        if calls[0] > after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real_write(path, data)

    monkeypatch.setattr(weekgen.output, "_write", write)
    refused(build, project, before, "No space left on device",
            f"{project / 'public'} is gebleven zoals hij was (maak ruimte vrij en bouw opnieuw)")


def test_a_full_disk_while_linking_the_unchanged_files(
        make_project: MakeProject, build: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    project, before = built_site(make_project, build)

    def link(source: str, target: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    monkeypatch.setattr(weekgen.output, "link", link)
    refused(build, project, before, "No space left on device")


def test_a_failed_swap_leaves_the_old_site(make_project: MakeProject, build: Build,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    project, before = built_site(make_project, build)

    def swap(staging: Path, out: Path) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(out))

    monkeypatch.setattr(weekgen.output, "_swap", swap)
    refused(build, project, before, "de nieuwe site kan niet op de plaats van",
            "Input/output error")


def test_a_read_only_file_system_is_a_message(make_project: MakeProject, build: Build,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    project, before = built_site(make_project, build)
    real_open = os.open

    def read_only(path: str, flags: int, *args: int, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and str(path).startswith(
                str(project / ".public")):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    refused(build, project, before, "Read-only file system",
            "weekgen zet de nieuwe site naast")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_is_a_message(make_project: MakeProject, build: Build) -> None:
    project, before = built_site(make_project, build)
    for folder in (project / "public", project):
        folder.chmod(0o555)
        try:
            refused(build, project, before, "weekgen: ")
        finally:
            folder.chmod(0o755)


def test_a_read_only_output_folder_is_a_message_as_root_too(
        make_project: MakeProject, build: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    project, before = built_site(make_project, build)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == project /
                        "public" else real_access(path, mode, **kw))
    refused(build, project, before, f"{project / 'public'} is alleen-lezen")


def test_an_output_that_is_a_file(make_project: MakeProject, build: Build) -> None:
    project = make_project({ACTIVITIES: TWO})
    (project / "public").write_text("not a folder\n")
    code, err = build(project, "--today", "2021-11-16")
    assert code == 2
    assert err == f"weekgen: {project / 'public'} is een bestand, geen map: verwijder het of " \
                  "bouw in een andere map (--out)\n"
    assert (project / "public").read_text() == "not a folder\n"
    assert beside_output(project) == []


def test_a_cache_that_is_a_file(make_project: MakeProject,
                                cli: Callable[..., tuple[int, str, str]]) -> None:
    project = make_project({ACTIVITIES: TWO})
    (project / ".weekgen-cache").write_text("not a folder\n")
    for command in ("build", "check"):
        code, _, err = cli(command, "--source", str(project), "--today", "2021-11-16")
        assert code == 2, err
        assert err.startswith(f"weekgen: {project / '.weekgen-cache'} is een bestand, waar "
                              "weekgen zijn cachemap bewaart"), err
    assert not (project / "public").exists()
    assert cli("build", "--source", str(project), "--today", "2021-11-16", "--no-cache")[0] == 0


# A long-running process hands each build what the last one left (output.Layout): staged
# against it, without looking at every file again, each build must leave what a build that
# looks at every file leaves, and the layout must say what is on disk.
STEPS: list[dict[str, bytes]] = [
    {"a/index.html": b"1", "b/x.html": b"2", "c": b"3", "e/f/g.html": b"4"},
    {"a/index.html": b"1 changed", "c": b"3", "d/e.html": b"new", "e/f/g.html": b"4"},
    {"a/index.html": b"1 changed", "c/f.html": b"c is a folder", "d/e.html": b"new"},
    {"a/index.html": b"1 changed", "c": b"a file again", "b/x.html": b"2"},
    {"a/index.html": b"1 changed", "c": b"a file again", "b/x.html": b"2"},
    {"a/index.html": b"1", "b/x.html": b"2"},
]


def write_steps(root: Path, remember: bool) -> list[tuple[dict[str, bytes], dict[str, int]]]:
    """Each step's site through a Writer: what the output holds after each, and its inodes."""
    out, spare = root / "public", root / "spare"
    manifest: weekgen.output.Manifest = {}
    layout = None
    seen = []
    for site in STEPS:
        writer = weekgen.output.Writer(out, manifest, spare=spare,
                                       known=layout if remember else None)
        for path, data in site.items():
            old = manifest.get(path)
            if old is not None and old.key == data.decode() and writer.still_there(path, old):
                writer.keep(path, old)
            else:
                writer.put(path, data, data.decode())
        _, manifest = writer.commit()
        layout = writer.layout
        assert layout is not None
        on_disk = {p.relative_to(out).as_posix(): p.lstat() for p in out.rglob("*")
                   if p.is_file()}
        assert {p: (s.st_ino, s.st_size, s.st_mtime_ns) for p, s in layout.output.items()} == \
            {p: (s.st_ino, s.st_size, s.st_mtime_ns) for p, s in on_disk.items()}
        if layout.spare is not None:  # (not after the first build: it did not know the spare)
            assert layout.spare == {p.relative_to(spare).as_posix(): p.lstat().st_ino
                                    for p in spare.rglob("*") if p.is_file()}
        seen.append(({p: (out / p).read_bytes() for p in on_disk},
                     {p: s.st_ino for p, s in on_disk.items()}))
    return seen


def test_a_build_staged_against_the_last_ones_layout_leaves_the_same_site(
        tmp_path: Path) -> None:
    remembered = write_steps(tmp_path / "remembered", remember=True)
    looked_at = write_steps(tmp_path / "looked-at", remember=False)
    assert [files for files, _ in remembered] == [files for files, _ in looked_at] == STEPS
    for n in range(1, len(STEPS)):
        (_, before), (_, after) = remembered[n - 1], remembered[n]
        kept = [p for p, data in STEPS[n].items() if STEPS[n - 1].get(p) == data]
        assert kept and all(after[p] == before[p] for p in kept)  # the same file, not a copy


def test_a_user_file_in_the_output_makes_the_next_build_look_again(tmp_path: Path) -> None:
    out = tmp_path / "public"
    writer = weekgen.output.Writer(out, {}, spare=tmp_path / "spare")
    writer.put("a.html", b"1", "1")
    _, manifest = writer.commit()
    (out / "CNAME").write_text("example.org")
    writer = weekgen.output.Writer(out, manifest, spare=tmp_path / "spare", known=writer.layout)
    writer.keep("a.html", manifest["a.html"])
    writer.commit()
    assert writer.layout is None  # the spare now holds a file no layout knows
    assert (out / "CNAME").read_text() == "example.org"
