"""A fictional campaign for benchmarks: the same activities as a weekgen, Hugo or Pelican site.

Deterministic (seeded), clearly made up (invented place and organisation names), sized like a
national campaign after ten editions: by default 10 years x 2,000 activities with ~300-word
Markdown descriptions, 25 regions, 200 organisers and 20 pages a year.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

_VOCABULARY = """
de het een en van in op met voor aan om bij door over naar uit als ook niet maar wel samen
kinderen ouders school buurt veilig thuis praten luisteren helpen vragen signalen zorg steun
gesprek training bijeenkomst verhalen ervaring team week dag avond middag ochtend vrijwilligers
professionals jongeren gemeente wijk huis spel boek lied film plan idee vraag antwoord stap
begin einde kans tijd ruimte open rustig nieuw groot klein goed beter eerst daarna samenwerken
delen leren meedoen vertellen kijken zoeken vinden
"""
WORDS = tuple(_VOCABULARY.split())
PLACES = ("Veldhoven-aan-Zee", "Brugdorp", "Lindewaard", "Kromstede", "Oosterveen", "Havikshorst",
          "Zandmeer", "Duinwijk", "Molenrade", "Beekhuizen", "Eikenlo", "Westerkamp",
          "Noordhaven", "Rietmond", "Valkenrode", "Heidestein", "Klaverdam", "Peelwijk",
          "Sterrenburg", "Waterloop", "Graanstad", "Torendorp", "Vossendaal", "Lelieveld",
          "Berkenrade")
KINDS = ("meeting", "training", "conference", "publication", "video", "campaign", "online")


@dataclass(frozen=True)
class Item:
    year: int
    n: int
    title: str
    date: date
    start: str
    region: str
    organiser: str
    hashtag: str
    kind: str
    description: str

    @property
    def slug(self) -> str:
        return f"activiteit-{self.year}-{self.n:05d}"


def week_start(year: int) -> date:
    anchor = date(year, 11, 20)
    return anchor - timedelta(days=anchor.weekday())


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def description(rng: random.Random, words: int = 300) -> str:
    """~`words` words of Markdown: paragraphs, emphasis, a list and a link."""
    parts = [paragraph(rng, words // 3), "",
             f"**{paragraph(rng, 6)}** {paragraph(rng, words // 6)}", "",
             *(f"- {paragraph(rng, 8)}" for _ in range(4)), "",
             f"{paragraph(rng, words // 4)} Zie [de uitleg](https://www.example.org/uitleg).",
             "", paragraph(rng, words // 8)]
    return "\n".join(parts)


def organisers(rng: random.Random, count: int = 200) -> list[str]:
    kinds = ("Stichting", "Vereniging", "Centrum", "Netwerk", "Huis", "Platform", "Team")
    return [f"{kinds[i % len(kinds)]} {rng.choice(PLACES)} {i + 1}" for i in range(count)]


def generate(years: int, per_year: int, seed: int = 20) -> list[Item]:
    rng = random.Random(seed)
    orgs = organisers(rng)
    items = []
    first = 2027 - years
    for year in range(first, first + years):
        start = week_start(year)
        for n in range(per_year):
            offset = rng.choice((-10, -3, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 9))
            items.append(Item(
                year=year, n=n, title=f"{paragraph(rng, 4)[:-1]} {n}",
                date=start + timedelta(days=offset),
                start=f"{rng.randint(8, 20):02d}:{rng.choice(('00', '30'))}",
                region=rng.choice(PLACES), organiser=rng.choice(orgs),
                hashtag=f"week{year}", kind=rng.choice(KINDS), description=description(rng),
            ))
    return items


def _yaml_block(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else "" for line in text.split("\n"))


def write_weekgen(root: Path, items: list[Item], pages_per_year: int = 20,
                  per_file: int = 200, one_file: bool = False) -> None:
    """content/site.yaml, and per year week.yaml, activities/NN.yaml and pages; with
    `one_file`, a year's activities in activities.yaml when `per_file` holds them all."""
    content = root / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(
        "title: Voorbeeldweek (fictief)\nbase_url: https://bench.example.org/\n"
        "hashtag: voorbeeldweek\n", encoding="utf-8")
    rng = random.Random(7)
    for year in sorted({i.year for i in items}):
        folder = content / str(year)
        folder.mkdir(parents=True)
        (folder / "week.yaml").write_text(
            f"theme: samen sterk {year}\nexplanation: Een verzonnen thema voor de meting.\n"
            f"hashtags: [week{year}]\n", encoding="utf-8")
        year_items = [i for i in items if i.year == year]
        for part in range(0, len(year_items), per_file):
            chunk = year_items[part:part + per_file]
            lines = []
            for i in chunk:
                lines += [f"- title: \"{i.title}\"", f"  date: {i.date}",
                          f"  start_time: \"{i.start}\"", f"  region: {i.region}",
                          f"  organiser: {i.organiser}", f"  hashtag: {i.hashtag}",
                          f"  kind: {i.kind}", f"  slug: {i.slug}",
                          "  description: |", _yaml_block(i.description, "    ")]
            if one_file and len(year_items) <= per_file:
                target = folder / "activities.yaml"
            else:
                target = folder / "activities" / f"{part // per_file + 1:03d}.yaml"
                target.parent.mkdir(exist_ok=True)
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for p in range(pages_per_year):
            (folder / f"pagina-{p + 1:02d}.md").write_text(
                f"---\ntitle: Pagina {p + 1} van {year}\norder: {p + 1}\n---\n"
                f"{description(rng)}\n", encoding="utf-8")


def write_hugo(root: Path, items: list[Item]) -> None:
    """The same activities as a Hugo site with region, organiser and hashtag taxonomies."""
    (root / "content" / "activiteiten").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/"\ntitle = "Voorbeeldweek"\n'
        'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
        '[taxonomies]\nregion = "regions"\norganiser = "organisers"\nhashtag = "hashtags"\n',
        encoding="utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        '</head><body><nav><a href="/">Home</a></nav><main>{{ block "main" . }}{{ end }}</main>'
        "</body></html>\n", encoding="utf-8")
    (layouts / "single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} '
        "{{ .Params.region }} {{ .Params.organiser }}</p>{{ .Content }}{{ end }}\n",
        encoding="utf-8")
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="'
        '{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n', encoding="utf-8")
    for i in items:
        (root / "content" / "activiteiten" / f"{i.slug}.md").write_text(
            f'---\ntitle: "{i.title}"\ndate: {i.date}T{i.start}:00+01:00\n'
            f'regions: ["{i.region}"]\norganisers: ["{i.organiser}"]\nhashtags: ["{i.hashtag}"]\n'
            f'region: "{i.region}"\norganiser: "{i.organiser}"\n---\n{i.description}\n',
            encoding="utf-8")


def write_pelican(root: Path, items: list[Item]) -> None:
    """The same activities as a Pelican site: region as category, organiser as author."""
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(
        'SITENAME = "Voorbeeldweek"\nSITEURL = ""\nPATH = "content"\n'
        'TIMEZONE = "Europe/Amsterdam"\nDEFAULT_LANG = "nl"\nFEED_ALL_ATOM = None\n'
        "CATEGORY_FEED_ATOM = None\n"
        "TRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "DEFAULT_PAGINATION = False\nCACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n",
        encoding="utf-8")
    for i in items:
        (root / "content" / f"{i.slug}.md").write_text(
            f"Title: {i.title}\nDate: {i.date} {i.start}\nCategory: {i.region}\n"
            f"Author: {i.organiser}\nTags: {i.hashtag}\nSlug: {i.slug}\n\n{i.description}\n",
            encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--per-year", type=int, default=2000)
    ap.add_argument("--format", choices=("weekgen", "hugo", "pelican"), default="weekgen")
    args = ap.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    items = generate(args.years, args.per_year)
    {"weekgen": write_weekgen, "hugo": write_hugo, "pelican": write_pelican}[args.format](
        args.out, items)
    print(f"wrote {len(items)} activities to {args.out} ({args.format})")


if __name__ == "__main__":
    main()
