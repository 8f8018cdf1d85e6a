"""A fixture blog shaped like real use, for the page- and feed-size tests.

Posts of a few hundred words by two registered authors in two categories, each citing works
from its own CSL-JSON ``bibliography:`` file (journal articles with authors, DOIs and PMIDs),
and impact figures for most of the cited works written through the impact plugin's store.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import build_site, write_posts
from impact.store import Figures, save_figures

DATA = "impact-test"  # IMPACT_DATA_PATH of the site, relative to the content folder
AUTHORS = ("maya-okafor", "daniel-reyes")  # in the fixture blog's registry
CATEGORIES = ("Assessment", "Teaching")
RECENT = (dt.date.today() - dt.timedelta(days=3)).isoformat()  # figures fetched this week
WORDS = [
    "learners",
    "rehearse",
    "the",
    "decision",
    "aloud",
    "while",
    "the",
    "supervisor",
    "names",
    "the",
    "cue",
    "they",
    "missed",
    "and",
    "the",
    "team",
    "agrees",
    "on",
    "one",
    "change",
    "to",
    "try",
    "on",
    "the",
    "next",
    "shift",
    "before",
    "the",
    "debrief",
    "ends",
]


def work(number: int) -> dict:
    """One CSL-JSON journal article, distinct per number."""
    return {
        "id": f"work{number:02d}",
        "type": "article-journal",
        "title": f"Deliberate practice of clinical reasoning in workplace setting {number}",
        "author": [
            {"family": f"Okonkwo{number}", "given": "Adaeze"},
            {"family": "van der Berg", "given": "Zoë"},
            {"family": f"Lindqvist{number}", "given": "Hannah M."},
        ],
        "container-title": "Medical Education",
        "volume": str(40 + number),
        "issue": str(number % 12 + 1),
        "page": f"{100 + number}-{110 + number}",
        "issued": {"date-parts": [[2010 + number % 15, number % 12 + 1]]},
        "DOI": f"10.5555/lean.work.{number}",
        "PMID": str(30000000 + number),
    }


def _paragraph(seed: int, keys: list[str]) -> str:
    words = [WORDS[(seed * 7 + i) % len(WORDS)] for i in range(90)]
    cite = "; ".join(f"@{k}" for k in keys)
    return " ".join(words).capitalize() + f" [{cite}]."


def post(number: int, works: list[int], *, author: str, category: str) -> str:
    """A post citing ``works`` (one paragraph per one or two citations, some cited twice)."""
    keys = [f"work{w:02d}" for w in works]
    paragraphs = []
    for i in range(0, len(keys), 2):
        paragraphs.append(_paragraph(number + i, keys[i : i + 2]))
    paragraphs.insert(2, "## What the evidence says\n\n" + _paragraph(number, keys[:1]))
    return (
        f"---\ntitle: Teaching note {number}\ndate: 2025-01-{number + 1:02d}\n"
        f"authors: [{author}]\ncategory: {category}\ntags: [feedback, reasoning]\n"
        f"summary: What teaching note {number} asks of supervisors on a busy shift.\n"
        f"bibliography: post{number}.json\n---\n" + "\n\n".join(paragraphs) + "\n"
    )


def figures_for(numbers: list[int]) -> Figures:
    """Citations, attention and an RCR for each work in ``numbers``."""
    figures = Figures()
    for number in numbers:
        doi = f"10.5555/lean.work.{number}"
        record = figures.record(f"doi:{doi}", "work")
        figures.add_ids(record, {"doi": doi, "pmid": str(30000000 + number)})
        record.title = work(number)["title"]
        figures.set_figures(record, "openalex", {"openalex.cited_by_count": 10 * number}, RECENT)
        figures.set_figures(
            record, "crossref", {"crossref.is_referenced_by_count": 9 * number}, RECENT
        )
        figures.set_figures(
            record,
            "altmetric",
            {
                "altmetric.score": 1.5 * number,
                "altmetric.x": number,
                "altmetric.details_url": f"https://www.altmetric.com/details.php?citation_id={number}",
            },
            RECENT,
        )
        figures.set_figures(
            record, "icite", {"icite.relative_citation_ratio": 0.1 * number}, RECENT
        )
    return figures


def make_blog(root: Path, posts: int, works_per_post: int, with_figures: int) -> Path:
    """``posts`` posts alternating authors and categories; post ``n`` cites
    ``works_per_post`` works from work ``n`` on; works ``0 … with_figures - 1`` have impact
    figures."""
    files: dict[str, str] = {}
    for n in range(posts):
        works = list(range(n, n + works_per_post))
        files[f"posts/post{n}.md"] = post(
            n, works, author=AUTHORS[n % 2], category=CATEGORIES[(n // 2) % 2]
        )
        files[f"posts/post{n}.json"] = json.dumps([work(w) for w in works], indent=1)
    content = write_posts(root / "content", files)
    save_figures(content / DATA, figures_for(list(range(with_figures))))
    return content


def build_blog(root: Path, content: Path, **settings):
    """Build offline with the site's real settings; figures from this site only."""
    options = {
        "IMPACT_DATA_PATH": DATA,
        "CITATIONS_RESOLVE_ON_BUILD": False,
        "siteurl": "https://blog.example.org",
        **settings,
    }
    return build_site(root / "output", content=content, **options)
