"""``make impact`` asks about every cited work, however it is cited (the cited-works seam)."""

from __future__ import annotations

import json
from pathlib import Path

from citations.site_works import site_cited_works
from impact_support import FAST, fixture_json, run
from meded_core.cited_works import CitedWork, cited_works
from pelican.settings import read_settings

from bench.fakeapi import FakeAPI

ROOT = Path(__file__).resolve().parents[1]

SITE_BIB = """@article{chooTwitter2015,
  title = {Twitter as a Tool for Communication},
  author = {Choo, Esther K.},
  journaltitle = {Medical Teacher},
  date = {2015},
  doi = {10.3109/0142159X.2014.993371}
}

@article{piwowarStateOA2018,
  title = {The State of {{OA}}},
  author = {Piwowar, Heather},
  journaltitle = {PeerJ},
  date = {2018},
  doi = {10.7717/peerj.4375}
}

@article{hutchinsRCR2016,
  title = {Relative Citation Ratio},
  author = {Hutchins, B. Ian},
  journaltitle = {PLOS Biology},
  date = {2016},
  eprint = {27599104},
  eprinttype = {pmid}
}

@article{neverCited2025,
  title = {In the library, never cited},
  author = {Nobody, Ann},
  date = {2025},
  doi = {10.1038/s41392-025-02280-1}
}
"""
OWN_CSL = [
    {
        "id": "ownPone2012",
        "type": "article-journal",
        "title": "A PLOS ONE article",
        "DOI": "10.1371/journal.pone.0033693",
        "issued": {"date-parts": [[2012]]},
    }
]


def write_site(root: Path) -> Path:
    """Works cited only through bibliography files: no references cache at all."""
    content = root / "content"
    (content / "bibliography").mkdir(parents=True)
    (content / "posts").mkdir()
    (content / "bibliography/library.bib").write_text(SITE_BIB, encoding="utf-8")
    (content / "posts/own.json").write_text(json.dumps(OWN_CSL), encoding="utf-8")
    (content / "posts/keys.md").write_text(
        "---\ntitle: Keys\ndate: 2025-01-01\nbibliography: own.json\n---\n"
        "Open access [see @piwowarStateOA2018, p. 3]; ratios [@hutchinsRCR2016] and "
        "[@ownPone2012].\n\n`[@neverCited2025]` is code, not a citation.\n",
        encoding="utf-8",
    )
    (content / "posts/same-work.md").write_text(
        "---\ntitle: Same work\ndate: 2025-01-02\n---\n"
        "By key [@chooTwitter2015], by DOI [@doi:10.3109/0142159X.2014.993371].\n",
        encoding="utf-8",
    )
    (content / "posts/draft.md").write_text(
        "---\ntitle: Draft\ndate: 2025-01-03\nstatus: draft\n---\nLater [@neverCited2025].\n",
        encoding="utf-8",
    )
    return content


def settings_for(content: Path) -> dict:
    return dict(read_settings(str(ROOT / "pelican.conf.py"), override={"PATH": str(content)}))


def test_the_citations_plugin_provides_every_cited_work(tmp_path):
    content = write_site(tmp_path)
    settings = settings_for(content)
    works = cited_works(settings)
    assert works == site_cited_works(settings)  # the one producer behind the interface
    by_id = {w.work_id: w for w in works}
    assert set(by_id) == {
        "doi:10.3109/0142159x.2014.993371",
        "doi:10.7717/peerj.4375",
        "pmid:27599104",
        "doi:10.1371/journal.pone.0033693",
    }
    assert by_id["doi:10.3109/0142159x.2014.993371"] == CitedWork(
        work_id="doi:10.3109/0142159x.2014.993371",
        doi="10.3109/0142159x.2014.993371",
        title="Twitter as a Tool for Communication",
        cited_by=("posts/same-work.md",),
    )
    assert by_id["pmid:27599104"].pmid == "27599104" and by_id["pmid:27599104"].doi is None
    assert by_id["doi:10.7717/peerj.4375"].cited_by == ("posts/keys.md",)


def test_make_impact_fetches_figures_for_works_cited_only_by_key(tmp_path, capsys):
    content = write_site(tmp_path)
    assert not (content / "data/references.json").exists()
    with FakeAPI("recorded", limits=FAST) as api:
        result = run(api, content, "--only", "openalex,icite,crossref", capsys=capsys)
        asked = " ".join(s.path for name in ("openalex", "crossref") for s in api.requests(name))
    assert result.code == 0, result.err
    assert "4 cited work(s)" in result.out + result.err
    figures = result.figures
    work = fixture_json("openalex/work-W2741809807.json")
    assert (
        figures["doi:10.7717/peerj.4375"].value("openalex.cited_by_count")
        == (work["cited_by_count"])
    )
    icite = {
        str(r["pmid"]): r
        for r in fixture_json("icite/pubs-pmids-23456789-27599104-readme-example.json")["data"]
    }
    assert (
        figures["pmid:27599104"].value("icite.relative_citation_ratio")
        == (icite["27599104"]["relative_citation_ratio"])
    )
    crossref = fixture_json("crossref/works-10.1371_journal.pone.0033693.json")["message"]
    assert (
        figures["doi:10.1371/journal.pone.0033693"].value("crossref.is_referenced_by_count")
        == (crossref["is-referenced-by-count"])
    )
    assert "doi:10.3109/0142159x.2014.993371" in figures  # a key and a DOI: one record
    assert figures["doi:10.7717/peerj.4375"].kind == "work"
    assert figures["doi:10.7717/peerj.4375"].source_path == ""  # a post's own file only
    # neither the uncited library entry nor the draft's citation is asked about
    assert "s41392-025-02280-1" not in asked and "doi:10.1038/s41392-025-02280-1" not in figures


def test_one_citation_joining_a_work_known_twice_gives_one_work(tmp_path):
    """A record with DOI, PMID and PMCID joins a DOI-only work and a work known by PMID and
    PMCID: both are the same work, met twice through the second one's identities."""
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    items = [
        {"id": "byDoi", "type": "article-journal", "title": "T", "DOI": "10.1234/joined"},
        {"id": "byPmid", "type": "article-journal", "title": "T", "PMID": "111", "PMCID": "PMC222"},
        {"id": "all", "type": "article-journal", "title": "T", "DOI": "10.1234/joined",
         "PMID": "111", "PMCID": "PMC222"},
    ]  # fmt: skip
    (content / "posts/own.json").write_text(json.dumps(items), encoding="utf-8")
    (content / "posts/joined.md").write_text(
        "---\ntitle: Joined\ndate: 2025-01-01\nbibliography: own.json\n---\n"
        "One [@byDoi], two [@byPmid], three [@all].\n",
        encoding="utf-8",
    )
    works = site_cited_works(settings_for(content))
    assert [(w.work_id, w.pmid, w.pmcid) for w in works] == [
        ("doi:10.1234/joined", "111", "PMC222")
    ]
