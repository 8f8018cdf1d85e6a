"""Helpers for the impact tests: a tiny site whose works have recorded API bodies, and a run.

The works are chosen so that each provider has one recorded answer in
``tests/fixtures/impact-apis/`` and the rest are "not found" in that provider's own shape.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from pathlib import Path

from impact.cli import main
from impact.store import load_figures

from bench.fakeapi import FIXTURES, FakeAPI, Limit

KEY = "TESTKEYabc123secretXYZ"  # never a real key; searched for in every output
MAILTO = "editor@example.org"

REFERENCES = [
    {"id": "doi:10.7717/peerj.4375", "DOI": "10.7717/peerj.4375", "title": "The state of OA"},
    {"id": "pmid:27599104", "PMID": "27599104", "title": "Relative Citation Ratio (RCR)"},
    {
        "id": "doi:10.1152/ajplung.00411.2014",
        "DOI": "10.1152/AJPLUNG.00411.2014",
        "PMID": "25979079",
        "title": ["E-cigarette vapour"],
    },
    {"id": "doi:10.1371/journal.pone.0033693", "DOI": "10.1371/journal.pone.0033693"},
    {"id": "doi:10.1038/s41392-025-02280-1", "DOI": "10.1038/s41392-025-02280-1"},
    {"id": "doi:10.5555/not-a-real-work", "DOI": "10.5555/not-a-real-work"},
]
POST = """---
title: A post with its own DOI
date: 2025-01-01
doi: https://doi.org/10.59350/demo-post-1
---
Body.
"""
AUTHORS = """jo-example:
  name: Jo Example
  orcid: https://orcid.org/0000-0001-6187-6610
no-orcid:
  name: No Orcid
"""
FAST = {
    name: Limit(limit=200, interval=1, concurrency=8)
    for name in ("altmetric", "crossref", "openalex", "icite", "europepmc")
}


def fixture_json(relative: str):
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def make_site(root: Path) -> Path:
    """A content folder with cited works, a post with a DOI and an author with an ORCID."""
    content = root / "content"
    (content / "data").mkdir(parents=True)
    (content / "posts").mkdir()
    cite_works(content, REFERENCES)
    (content / "posts/own-doi.md").write_text(POST, encoding="utf-8")
    (content / "authors.yml").write_text(AUTHORS, encoding="utf-8")
    return content


def cite_works(content: Path, items: list[dict]) -> None:
    """Put ``items`` in the references cache and cite each from a post by its identifier
    (``make impact`` asks about what the posts cite, not about everything cached)."""
    cited = []
    for item in items:
        ident = item.get("id") or f"doi:{item['DOI'].lower()}"
        item.setdefault("id", ident)
        cited.append(f"@{ident}")
    (content / "data/references.json").write_text(json.dumps(items), encoding="utf-8")
    (content / "posts/cites.md").write_text(
        f"---\ntitle: Citing\ndate: 2025-01-02\n---\nClaims [{'; '.join(cited)}].\n",
        encoding="utf-8",
    )


@dataclass
class Run:
    code: int
    out: str
    err: str
    content: Path

    @property
    def figures(self):
        return load_figures(self.content / "data/impact")


def run(
    api: FakeAPI, content: Path, *args: str, capsys=None, env: dict | None = None, **options
) -> Run:
    """``make impact`` against the fake server, with quick retries for tests."""
    environment = {
        **api.env(),
        "ALTMETRIC_API_KEY": KEY,
        "OPENALEX_API_KEY": KEY + "oa",
        "CROSSREF_MAILTO": MAILTO,
    }
    environment.update(env or {})
    argv = [
        "--settings", "pelican.conf.py",
        "--content", str(content),
        "--cache", str(content.parent / "cache"),
        "--progress", "plain",
        "--backoff", str(options.get("backoff", 0.01)),
        "--attempts", str(options.get("attempts", 3)),
        "--timeout", str(options.get("timeout", 1.0)),
        *args,
    ]  # fmt: skip
    code = main(argv, env=environment)
    out, err = capsys.readouterr() if capsys else ("", "")
    return Run(code, out, err, content)


def stored_site(root: Path) -> Path:
    """A site whose figures were fetched from the recorded answers on 2026-01-01 (tests copy
    it, without its HTTP cache, before changing anything)."""
    content = make_site(root)
    with FakeAPI("recorded", limits=FAST) as api:
        assert run(api, content, "--today", "2026-01-01").code == 0
    return content
