"""Test data for the impact pages tests: tiny sites and impact figures written through the
impact plugin's own store API (so the files have exactly the committed format).

Each site keeps its figures in its own folder (setting ``IMPACT_DATA_PATH``), so the demo
site's committed figures never leak into a test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from conftest import build_site, write_posts
from impact.store import Figures, save_figures
import pytest

DATA = "impact-test"  # IMPACT_DATA_PATH of the test sites, relative to the content folder
TODAY = dt.date.today()
RECENT = (TODAY - dt.timedelta(days=3)).isoformat()
EARLIER = (TODAY - dt.timedelta(days=40)).isoformat()
OLD = (TODAY - dt.timedelta(days=400)).isoformat()

PEERJ = "10.7717/peerj.4375"  # in the demo references cache, with PMID 29456894
RCR_PMID = "27599104"  # cited as [@pmid:27599104]; the cache gives it a DOI too
RCR_DOI = "10.1371/journal.pbio.1002541"
ALTMETRIC_PAPER = "10.1016/j.annemergmed.2015.04.022"
POST_DOI = "10.59350/test-post-1"
MAYA_ORCID = "0000-0002-1825-0097"  # maya-okafor in the demo registry

POST_WITH_EVERYTHING = f"""---
title: Evidence for the donut
date: 2025-02-01
authors: [maya-okafor, daniel-reyes]
doi: https://doi.org/{POST_DOI}
review:
  type: expert-peer
  reviewers: [samuel-adeyemi]
  date: 2025-01-20
  summary: Checked every figure against its source.
---
Open access is growing [@doi:{PEERJ}]. The RCR normalises citations [@pmid:{RCR_PMID}].
Attention is not quality [@doi:{ALTMETRIC_PAPER}]. See the manifesto
[@url:https://altmetrics.org/manifesto/].
"""
POST_URL_ONLY = """---
title: Only a web reference
date: 2025-03-01
authors: [hannah-lindqvist]
---
A manifesto [@url:https://altmetrics.org/manifesto/].
"""
POST_NO_REFERENCES = """---
title: No references at all
date: 2025-04-01
authors: [maya-okafor]
---
An opinion piece with no citations.
"""


def figures_data(*, retract_peerj: bool = False, history: bool = True) -> Figures:
    """Figures for the works above, a post and an author, with history on two dates."""
    figures = Figures()
    peerj = figures.record(f"doi:{PEERJ}", "work")
    figures.add_ids(peerj, {"doi": PEERJ, "pmid": "29456894"})
    peerj.title = "The state of OA"
    if history:
        figures.set_figures(peerj, "openalex", {"openalex.cited_by_count": 900}, EARLIER)
        figures.set_figures(peerj, "altmetric", {"altmetric.score": 1500.0}, EARLIER)
    figures.set_figures(
        peerj,
        "openalex",
        {
            "openalex.cited_by_count": 962,
            "openalex.counts_by_year": [
                {"year": TODAY.year - 1, "cited_by_count": 300},
                {"year": TODAY.year, "cited_by_count": 120},
            ],
            "openalex.is_retracted": retract_peerj,
        },
        RECENT,
    )
    figures.set_figures(peerj, "crossref", {"crossref.is_referenced_by_count": 850}, RECENT)
    figures.set_figures(
        peerj,
        "altmetric",
        {
            "altmetric.score": 1612.5,
            "altmetric.news": 8,
            "altmetric.policy": 1,
            "altmetric.x": 2500,
            "altmetric.blogs": 40,
            "altmetric.details_url": "http://www.altmetric.com/details.php?citation_id=32469090",
        },
        RECENT,
    )
    figures.mark_checked(peerj, "europepmc", RECENT)  # answered: no such record
    # iCite never answered for this work -> "not available"

    rcr = figures.record(f"doi:{RCR_DOI}", "work")
    figures.add_ids(rcr, {"doi": RCR_DOI, "pmid": RCR_PMID})
    rcr.title = "Relative Citation Ratio (RCR)"
    figures.set_figures(
        rcr,
        "icite",
        {"icite.relative_citation_ratio": 12.34, "icite.clinical_citations": 3},
        OLD,  # older than the freshness window
    )
    figures.set_figures(rcr, "openalex", {"openalex.cited_by_count": 500}, OLD)
    figures.set_figures(
        rcr,
        "altmetric",
        {
            "altmetric.score": 121.0,
            "altmetric.news": 8,
            "altmetric.policy": 1,
            "altmetric.details_url": "javascript:alert(1)",
        },
        RECENT,
    )

    post = figures.record(f"doi:{POST_DOI}", "post")
    figures.add_ids(post, {"doi": POST_DOI})
    post.title = "Evidence for the donut"
    figures.set_figures(post, "crossref", {"crossref.is_referenced_by_count": 4}, RECENT)
    figures.set_figures(
        post,
        "altmetric",
        {
            "altmetric.score": 7.25,
            "altmetric.bluesky": 5,
            "altmetric.details_url": "https://www.altmetric.com/details.php?citation_id=1",
        },
        RECENT,
    )

    maya = figures.record(f"orcid:{MAYA_ORCID}", "author")
    figures.add_ids(maya, {"orcid": MAYA_ORCID})
    maya.title = "Maya Okafor"
    if history:
        figures.set_figures(maya, "openalex", {"openalex.cited_by_count": 1000}, EARLIER)
    figures.set_figures(
        maya,
        "openalex",
        {
            "openalex.h_index": 14,
            "openalex.i10_index": 20,
            "openalex.works_count": 61,
            "openalex.cited_by_count": 1234,
        },
        RECENT,
    )
    return figures


def make_site(
    root: Path,
    posts: dict[str, str] | None = None,
    figures: Figures | None = None,
) -> Path:
    """A tiny content folder (demo registry and references cache) with test figures."""
    content = root / "content"
    write_posts(
        content,
        posts
        if posts is not None
        else {
            "posts/everything.md": POST_WITH_EVERYTHING,
            "posts/url-only.md": POST_URL_ONLY,
            "posts/no-references.md": POST_NO_REFERENCES,
        },
    )
    if figures is not None:
        save_figures(content / DATA, figures)
    return content


def build(root: Path, content: Path, **settings: Any):
    """Build offline: the references cache is used as is, nothing is resolved online."""
    options = {
        "IMPACT_DATA_PATH": DATA,
        "CITATIONS_RESOLVE_ON_BUILD": False,
        **settings,
    }
    return build_site(root / "output", content=content, **options)


def soup(site, relative: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(relative), "html.parser")


POST_PAGES = {
    "everything": "posts/2025/everything/index.html",
    "url-only": "posts/2025/url-only/index.html",
    "no-references": "posts/2025/no-references/index.html",
}


@pytest.fixture(scope="session", name="impact_site")
def impact_site_fixture(tmp_path_factory):
    """The three test posts with figures (peerj retracted), built once for all test modules."""
    root = tmp_path_factory.mktemp("impact-site")
    return build(root, make_site(root, figures=figures_data(retract_peerj=True)))
