"""'Deel dit': plain links that carry the page's title, address and the year's hashtags, each
value percent-encoded so that it comes back exactly when the link is parsed; nothing on the page
is loaded from another site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from site_helpers import all_html_files, page, parse, run_main, write_project
from weekgen.formats.share import hashtags, share_links

BASE = "https://example.org/campagne/"
TITLE = "Koffie & taart #1? 50% = 'lekker' / \"samen\""
FILES = {
    "content/site.yaml": f"title: Voorbeeldweek\nbase_url: {BASE}\nhashtag: voorbeeldweek\n",
    "content/2030/week.yaml": "theme: samen\nhashtags: [samen2030, Voorbeeldweek]\n",
    "content/2030/activities.yaml": f"- title: {json.dumps(TITLE)}\n  date: 2030-11-19\n"
                                    "  slug: koffie\n  hashtag: [koffie, samen2030]\n",
    "content/2030/meedoen.md": "---\ntitle: Doe mee\n---\nTekst.\n",
}
URL = BASE + "2030/activiteiten/koffie/"
TAGS = ["koffie", "samen2030", "Voorbeeldweek"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("share"), FILES)
    code = run_main(["build", "--source", str(root), "--out", str(root / "public"),
                     "--no-cache", "--no-search", "-q", "--today", "2030-11-01"])
    assert code == 0
    return root / "public"


def links(out: Path, address: str) -> dict[str, str]:
    tree = page(out, address)
    [aside] = tree.xpath("//aside[h2='Deel dit']")
    found = {a.text: a.get("href") for a in aside.xpath(".//a")}
    for a in aside.xpath(".//a"):
        assert "noreferrer" in a.get("rel", "").split()
    return found


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query, strict_parsing=True)


def test_an_activity_page_has_the_five_links(built: Path) -> None:
    assert list(links(built, "/2030/activiteiten/koffie/")) == [
        "E-mail", "WhatsApp", "LinkedIn", "Mastodon", "X"]


def test_each_link_carries_title_address_and_hashtags(built: Path) -> None:
    found = links(built, "/2030/activiteiten/koffie/")
    tag_text = "#koffie #samen2030 #Voorbeeldweek"

    mail = urlsplit(found["E-mail"])
    assert (mail.scheme, mail.path) == ("mailto", "")
    mail_q = query(found["E-mail"])
    assert mail_q["subject"] == [TITLE]
    assert mail_q["body"] == [f"{URL}\n\n{tag_text}"]

    whatsapp = urlsplit(found["WhatsApp"])
    assert whatsapp.netloc == "wa.me"
    assert query(found["WhatsApp"])["text"] == [f"{TITLE} {URL} {tag_text}"]

    assert found["LinkedIn"].startswith("https://www.linkedin.com/sharing/share-offsite/?")
    assert query(found["LinkedIn"]) == {"url": [URL]}

    mastodon = urlsplit(found["Mastodon"])
    assert mastodon.netloc == "tootpick.org" and not mastodon.query
    assert parse_qs(mastodon.fragment) == {"text": [f"{TITLE} {URL} {tag_text}"]}

    x = urlsplit(found["X"])
    assert (x.netloc, x.path) == ("twitter.com", "/intent/tweet")
    assert query(found["X"]) == {"text": [TITLE], "url": [URL], "hashtags": [",".join(TAGS)]}


def test_every_value_is_encoded_once(built: Path) -> None:
    for href in links(built, "/2030/activiteiten/koffie/").values():
        rest = href.split("?", 1)[-1].split("#", 1)[-1]
        for pair in rest.split("&"):
            _, value = pair.split("=", 1)
            assert not set(" #&'\"/?") & set(value), value  # all of them percent-encoded
            assert "%25" not in value or "50%25" in value  # '%' itself, never encoded twice
            assert unquote(value) != value


def test_other_pages_share_themselves_with_the_years_hashtags(built: Path) -> None:
    found = links(built, "/2030/meedoen/")
    assert query(found["X"]) == {"text": ["Doe mee"], "url": [BASE + "2030/meedoen/"],
                                 "hashtags": ["samen2030,Voorbeeldweek"]}
    assert query(links(built, "/")["LinkedIn"]) == {"url": [BASE]}


def test_no_share_links_on_the_404_and_search_pages(built: Path) -> None:
    for path in (built / "404.html", built / "zoeken/index.html"):
        assert not parse(path).xpath("//aside[h2='Deel dit']")


def test_nothing_is_loaded_from_another_site(built: Path) -> None:
    for path in all_html_files(built):
        tree = parse(path)
        for url in tree.xpath("//@src | //link[@rel!='canonical'][@rel!='alternate']/@href"):
            assert not urlsplit(url).netloc, (path, url)
        assert not tree.xpath("//iframe | //img[starts-with(@src, 'http')]")


def test_share_links_unit() -> None:
    [mail, whatsapp, linkedin, mastodon, x] = share_links("https://e.org/a?b=1", "A & B")
    assert query(x.href) == {"text": ["A & B"], "url": ["https://e.org/a?b=1"]}  # no hashtags
    assert query(linkedin.href) == {"url": ["https://e.org/a?b=1"]}
    assert [link.network for link in (mail, whatsapp, mastodon)] == ["email", "whatsapp",
                                                                       "mastodon"]
    assert hashtags(["#Een", "twee"], ["een", "Drie"], []) == ("Een", "twee", "Drie")


def test_every_link_decodes_to_its_parts_whatever_they_hold() -> None:
    """The messages are joined from parts encoded one by one (share.py): decoded, each link must
    give back exactly the parts, for any characters in them."""
    import random

    rng = random.Random(3)
    chars = "ab cé&#?=/%+\n:;,<>\"'😀ñ-_.~!*()[]{}@$"

    def some(most: int) -> str:
        return "".join(rng.choice(chars) for _ in range(rng.randint(0, most)))

    for _ in range(500):
        title, url, text = some(30), "https://x.nl/" + some(10), some(20)
        tags = [some(6) or "t" for _ in range(rng.randint(0, 3))]
        tag_text = " ".join(f"#{t}" for t in tags)
        mail, whatsapp, linkedin, mastodon, x = share_links(url, title, tags, text)
        message = " ".join(p for p in (title, url, tag_text) if p)
        body = "\n\n".join(p for p in (text, url, tag_text) if p)
        subject, _, rest = mail.href.removeprefix("mailto:?subject=").partition("&body=")
        assert (unquote(subject), unquote(rest)) == (title, body)
        assert unquote(whatsapp.href.removeprefix("https://wa.me/?text=")) == message
        assert unquote(mastodon.href.partition("#text=")[2]) == message
        assert query(linkedin.href) == {"url": [url]}
        expected = {"text": [title], "url": [url]} if title else {"url": [url]}
        if tags:
            expected["hashtags"] = [",".join(tags)]
        assert query(x.href) == expected


def test_a_hashtag_breaks_between_the_campaigns_words_or_its_capitals() -> None:
    from weekgen.formats.share import hashtag_parts, words_of
    words = words_of("Week tegen Kindermishandeling", "… dichterbij dan je denkt")
    assert hashtag_parts("weektegenkindermishandeling", words) == \
        ("week", "tegen", "kindermishandeling")
    assert hashtag_parts("dichterbijdanjedenkt", words) == ("dichterbij", "dan", "je", "denkt")
    assert hashtag_parts("IkMaakHetVerschil", words) == ("Ik", "Maak", "Het", "Verschil")
    assert hashtag_parts("onbekend2030", words) == ("onbekend2030",)  # no word split inside


def test_camelcase_hashtags_in_markdown_get_break_points() -> None:
    from weekgen.render.markup import render_markdown
    html = render_markdown("Deel **#WeekTegenKindermishandeling**, [x](/a#BlaBla) &#DeF #laag")
    assert "#Week<wbr>Tegen<wbr>Kindermishandeling" in html
    assert 'href="/a#BlaBla"' in html and "#laag" in html and "<wbr>F" not in html
