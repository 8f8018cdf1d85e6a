"""A deterministic synthetic site shaped like real use, for `make bench`.

N posts of about 800 words (headings, lists, a table, links) by 2-4 authors from a
registry of ~40 people with handles and ORCIDs, citing a pool of 3,000 CSL-JSON works (so
works repeat across posts) in clusters and in narrative form, both ways a blog cites:

- half the posts cite 17 works by key from one 3,000-work CSL-JSON file (about 2 MB, a
  Zotero export kept beside the posts) that each of them names as its ``bibliography:``;
- the other half cite 10-25 works by DOI (the committed references cache) or by key from
  the site bibliography (``bibliography/``).

Review records and ratings on a third of the posts; committed-style impact figures for the
pool; one post in a hundred has content problems (an unknown citation key, a hero image
without alt text) that the build must report and get past. Two trees share the same
Markdown bodies: ``full/`` with our YAML front matter and data files, ``baseline/`` with
Pelican ``Key: value`` headers for plain Pelican.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import json
from pathlib import Path
import random
import shutil

from meded_core.identifiers import orcid_check_digit

WORDS = [
    "patient",
    "learner",
    "resident",
    "faculty",
    "feedback",
    "curriculum",
    "simulation",
    "assessment",
    "bedside",
    "evidence",
    "rounds",
    "competency",
    "supervision",
    "reflection",
    "workplace",
    "clinical",
    "reasoning",
    "diagnosis",
    "handover",
    "procedure",
    "coaching",
    "mentorship",
    "outcome",
    "wellness",
    "cohort",
    "program",
    "milestone",
    "entrustment",
    "teaching",
    "podcast",
    "blog",
    "review",
    "journal",
    "discussion",
    "appraisal",
    "emergency",
    "critical",
    "care",
    "medicine",
    "education",
    "community",
    "practice",
    "guideline",
    "trial",
]
FIRST = [
    "Ada",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Mira",
    "Nils",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
]
LAST = [
    "Abara",
    "Brandt",
    "Costa",
    "Dlamini",
    "Eriksen",
    "Fong",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lund",
    "Moreau",
    "Ng",
    "Okoro",
    "Patel",
    "Quist",
    "Rossi",
    "Sato",
    "Tan",
]
JOURNALS = [
    ("Medical Education", "Med Educ"),
    ("Academic Medicine", "Acad Med"),
    ("Medical Teacher", "Med Teach"),
    ("Annals of Emergency Medicine", "Ann Emerg Med"),
    ("Journal of Graduate Medical Education", "J Grad Med Educ"),
    ("BMJ", "BMJ"),
    ("Western Journal of Emergency Medicine", "West J Emerg Med"),
    ("Canadian Journal of Emergency Medicine", "CJEM"),
]
CATEGORIES = [
    "Curriculum",
    "Scholarship",
    "Critical appraisal",
    "Assessment",
    "Wellness",
    "Simulation",
    "Leadership",
    "Clinical teaching",
]
TAGS = [
    f"{word} theme" for word in WORDS[:30]
]  # no trailing digits: Pelican pages topic-1 as topic-12.html
DOI_PREFIX = "10.5555"  # Crossref's prefix for test DOIs: clearly not real works
LIBRARY = "library.json"  # the shared per-post bibliography, beside the posts
LIBRARY_CITES = 17  # citations a post makes from it
PROBLEM_EVERY = 100  # one post in this many has content problems
UNKNOWN_KEY = "nosuchwork1999"  # a key in no bibliography
HERO = "images/bench-hero.png"


@dataclass(frozen=True)
class BenchSite:
    full: Path  # content folder for our build
    baseline: Path  # content folder for plain Pelican
    posts: int
    pool: list[dict]
    problem_posts: int = 0  # posts written with content problems


def is_problem_post(n: int) -> bool:
    return n % PROBLEM_EVERY == 7  # so that a small run has one too


def uses_library(n: int) -> bool:
    """Even posts name the shared CSL-JSON file as their ``bibliography:``."""
    return n % 2 == 0


def _orcid(rng: random.Random) -> str:
    digits = "0000000" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    full = digits + orcid_check_digit(digits)
    return "-".join(full[i : i + 4] for i in range(0, 16, 4))


def make_authors(rng: random.Random, count: int = 40) -> dict[str, dict]:
    registry = {}
    for i in range(count):
        # distinct names: the registry rejects duplicates, as it should
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7 + i // len(FIRST)) % len(LAST)]
        slug = f"{first.lower()}-{last.lower()}-{i:02d}"
        registry[slug] = {
            "name": f"{first} {last}",
            "degrees": rng.choice(["MD", "MD, MEd", "PhD", "MBBS, FRCPC", "DO, MHPE"]),
            "role": "Clinician-educator",
            "affiliation": f"Bench University Hospital {i % 5}",
            "bio": f"{first} teaches {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
            "x": f"{first.lower()}{last.lower()}{i}"[:15],
            "bluesky": f"{first.lower()}{i}.bsky.social",
            "mastodon": f"@{first.lower()}{i}@med-mastodon.com",
            "orcid": _orcid(rng),
            "disclosures": "None declared.",
        }
    return registry


def make_pool(rng: random.Random, size: int = 3000) -> list[dict]:
    pool = []
    for i in range(size):
        journal, abbrev = rng.choice(JOURNALS)
        authors = [
            {"family": rng.choice(LAST), "given": rng.choice(FIRST)[0] + rng.choice("ABCDE")}
            for _ in range(rng.randint(1, 9))
        ]
        year = rng.randint(1995, 2025)
        doi = f"{DOI_PREFIX}/bench.{i:05d}"
        item = {
            "id": f"doi:{doi}",
            "type": "article-journal",
            "title": " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize(),
            "author": authors,
            "container-title": journal,
            "container-title-short": abbrev,
            "issued": {"date-parts": [[year, rng.randint(1, 12)]]},
            "volume": str(rng.randint(1, 120)),
            "issue": str(rng.randint(1, 12)),
            "page": f"{(start := rng.randint(1, 900))}-{start + rng.randint(3, 14)}",
            "DOI": doi,
        }
        if i % 2 == 0:
            item["PMID"] = str(30000000 + i)
        pool.append(item)
    return pool


def _paragraph(rng: random.Random, citations: list[str]) -> str:
    sentences = []
    for _ in range(rng.randint(4, 6)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 20))]
        sentence = " ".join(words).capitalize()
        if citations and rng.random() < 0.6:
            take = [citations.pop() for _ in range(min(len(citations), rng.choice([1, 1, 2, 3])))]
            sentence += " [" + "; ".join(f"@{c}" for c in take) + "]"
        sentences.append(sentence + ".")
    return " ".join(sentences)


def make_body(rng: random.Random, cites: list[str], narrative_key: str | None) -> str:
    """About 800 words of Markdown with the given citations spread through it."""
    cites = list(cites)
    rng.shuffle(cites)

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    blocks = ["## Background", _paragraph(rng, cites), _paragraph(rng, cites)]
    if narrative_key:
        blocks.append(f"@{narrative_key} described a similar {rng.choice(WORDS)} programme.")
    blocks += ["## Key points", "\n".join(f"- {words(8)}" for _ in range(6))]
    blocks += ["## Case discussion", _paragraph(rng, cites), "### Workup", _paragraph(rng, cites)]
    blocks.append("\n".join(f"{n}. {words(9)}" for n in range(1, 6)))
    blocks += ["### Management", _paragraph(rng, cites)]
    blocks.append(
        "\n".join(
            ["| Step | Action |", "|---|---|"] + [f"| {n} | {words(3)} |" for n in range(1, 5)]
        )
    )
    blocks += ["## Clinical pearls", _paragraph(rng, cites)]
    blocks.append(
        f"See the [guideline](https://example.org/guide/{rng.randint(1, 99)}) and "
        f"[a related post](https://example.org/p/{rng.randint(1, 99)})."
    )
    if cites:  # anything left goes into a closing cluster
        blocks.append("Further evidence [" + "; ".join(f"@{c}" for c in cites) + "].")
    return "\n\n".join(blocks) + "\n"


def _yaml_list(items) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def generate(root: Path, posts: int = 1000, seed: int = 42, pool_size: int = 3000) -> BenchSite:
    """Write both trees under ``root`` (replacing them) and return where they are."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    full, baseline = root / "full", root / "baseline"
    (full / "posts").mkdir(parents=True)
    (baseline / "posts").mkdir(parents=True)
    (full / "data").mkdir()
    (full / "bibliography").mkdir()

    authors = make_authors(rng)
    slugs = list(authors)
    pool = make_pool(rng, pool_size)
    keyed_count = min(500, pool_size)
    keyed = {
        f"w{i:04d}": item for i, item in enumerate(pool[:keyed_count])
    }  # a bibliography subset

    (full / "authors.yml").write_text(_authors_yaml(authors), encoding="utf-8")
    (full / "data" / "references.json").write_text(
        json.dumps(sorted(pool, key=lambda i: i["id"]), indent=1, sort_keys=True), encoding="utf-8"
    )
    bibliography = [{**item, "id": key} for key, item in keyed.items()]
    (full / "bibliography" / "pool.json").write_text(
        json.dumps(bibliography, indent=1), encoding="utf-8"
    )
    library = [{**item, "id": library_key(i)} for i, item in enumerate(pool)]
    (full / "posts" / LIBRARY).write_text(json.dumps(library, indent=1), encoding="utf-8")
    (full / "images").mkdir()
    _write_png(full / HERO)
    write_impact_data(full / "data" / "impact", pool, rng)

    start = dt.date(2015, 1, 1)
    # every post is in the past (a future date makes a post scheduled, so not built): three
    # days apart, closer together for a corpus too large for that
    step = dt.timedelta(days=min(3.0, 3000 / max(posts, 1)))
    for n in range(posts):
        post_rng = random.Random(f"{seed}-{n}")
        date = start + n * step
        by = post_rng.sample(slugs, post_rng.randint(2, 4))
        if uses_library(n):
            works = post_rng.sample(range(pool_size), min(LIBRARY_CITES, pool_size))
            cites = [library_key(w) for w in works]
            narrative = cites[0]
        else:
            count = min(post_rng.randint(10, 25), pool_size)
            works = post_rng.sample(range(pool_size), count)
            cites = [
                f"w{w:04d}"
                if w < keyed_count and post_rng.random() < 0.3
                else f"doi:{pool[w]['DOI']}"
                for w in works
            ]
            narrative = next((c for c in cites if c.startswith("w")), None)
        problem = is_problem_post(n)
        if problem:
            cites.append(UNKNOWN_KEY)
        body = make_body(post_rng, cites, narrative)
        title = f"Post {n}: " + " ".join(post_rng.choice(WORDS) for _ in range(5))
        tags = post_rng.sample(TAGS, post_rng.randint(2, 5))
        category = post_rng.choice(CATEGORIES)
        summary = " ".join(post_rng.choice(WORDS) for _ in range(25)).capitalize() + "."
        name = f"post-{n:05d}.md"
        front = [
            "---",
            f"title: {json.dumps(title)}",
            f"date: {date.isoformat()}",
            f"authors: {_yaml_list(by)}",
            f"category: {category}",
            f"tags: {_yaml_list(tags)}",
            f"summary: {json.dumps(summary)}",
            "disclosures: None declared.",
        ]
        if uses_library(n):
            front.append(f"bibliography: {LIBRARY}")
        if problem:
            front.append(f"image: {{src: {HERO}}}")  # no alt text: reported, not shown
        if n % 3 == 0:
            reviewers = [s for s in slugs if s not in by]
            raters = post_rng.sample(reviewers, post_rng.randint(1, 3))
            front += [
                "review:",
                "  type: expert-peer",
                f"  reviewers: {_yaml_list(raters[:1])}",
                f"  date: {(date + dt.timedelta(days=5)).isoformat()}",
                "  summary: Reviewed for accuracy and clarity.",
                "ratings:",
            ]
            for rater in raters:
                scores = ", ".join(
                    f"{item}: {post_rng.randint(1, 3)}"
                    for item in ("background", "content", "writing", "references")
                )
                front += [
                    f"  - rater: {rater}",
                    f"    date: {(date + dt.timedelta(days=6)).isoformat()}",
                    f"    scores: {{{scores}}}",
                ]
        front.append("---")
        (full / "posts" / name).write_text("\n".join(front) + "\n" + body, encoding="utf-8")
        plain = [
            f"Title: {title}",
            f"Date: {date.isoformat()}",
            f"Authors: {', '.join(authors[s]['name'] for s in by)}",
            f"Category: {category}",
            f"Tags: {', '.join(tags)}",
            f"Summary: {summary}",
        ]
        (baseline / "posts" / name).write_text("\n".join(plain) + "\n\n" + body, encoding="utf-8")
    return BenchSite(
        full=full,
        baseline=baseline,
        posts=posts,
        pool=pool,
        problem_posts=sum(1 for n in range(posts) if is_problem_post(n)),
    )


def library_key(index: int) -> str:
    """Keys of the shared file, distinct from the site bibliography's (``w0001``)."""
    return f"lib{index:04d}"


def _write_png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (1200, 630), (40, 90, 120)).save(path, optimize=False)


def _authors_yaml(authors: dict[str, dict]) -> str:
    lines = ["# Synthetic registry for the benchmark (fictional people, valid-checksum ORCIDs)."]
    for slug, entry in authors.items():
        lines.append(f"{slug}:")
        lines += [f"  {key}: {json.dumps(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"


def write_impact_data(folder: Path, pool: list[dict], rng: random.Random) -> None:
    """Figures for every work in the pool, written through the impact store itself."""
    from impact.store import Figures, save_figures, work_key

    figures = Figures()
    for item in pool:
        record = figures.record(work_key(doi=item["DOI"], pmid=item.get("PMID")), kind="work")
        figures.add_ids(record, {"doi": item["DOI"].lower(), "pmid": item.get("PMID")})
        record.title = item["title"]
        for as_of, growth in (("2025-06-01", 0), ("2026-06-01", 1)):
            cited = rng.randint(0, 300) + growth * rng.randint(0, 40)
            figures.set_figures(record, "openalex", {"openalex.cited_by_count": cited}, as_of)
            figures.set_figures(
                record,
                "crossref",
                {"crossref.is_referenced_by_count": cited - rng.randint(0, 5)},
                as_of,
            )
            figures.set_figures(
                record, "altmetric", {"altmetric.score": round(rng.random() * 200, 2)}, as_of
            )
            if item.get("PMID"):
                figures.set_figures(
                    record,
                    "icite",
                    {"icite.relative_citation_ratio": round(rng.random() * 4, 2)},
                    as_of,
                )
    save_figures(folder, figures)
