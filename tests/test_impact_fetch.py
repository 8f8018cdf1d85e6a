"""``make impact`` against the local fake API: figures, faults, limits, cache, secrets, exits."""

from __future__ import annotations

import shutil

from impact.http import MARGIN, Limiter
from impact.store import load_figures
from impact_support import FAST, KEY, MAILTO, cite_works, fixture_json, make_site, run, stored_site
import pytest

from bench.fakeapi import FakeAPI, Fault, Limit


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def test_fills_every_provider_from_the_recorded_bodies(site, capsys):
    with FakeAPI("recorded", limits=FAST) as api:
        result = run(api, site, capsys=capsys)
    assert result.code == 0, result.err
    figures = result.figures
    work = fixture_json("openalex/work-W2741809807.json")
    peerj = figures["doi:10.7717/peerj.4375"]
    assert peerj.value("openalex.cited_by_count") == work["cited_by_count"]
    assert peerj.value("openalex.fwci") == round(work["fwci"], 3)
    assert peerj.pmid == "29456894"  # learned from OpenAlex, so iCite was asked late in the run
    assert [row["year"] for row in peerj.value("openalex.counts_by_year")] == sorted(
        row["year"] for row in work["counts_by_year"]
    )
    icite = {
        str(r["pmid"]): r
        for r in fixture_json("icite/pubs-pmids-23456789-27599104-readme-example.json")["data"]
    }
    rcr = figures["pmid:27599104"]
    assert (
        rcr.value("icite.relative_citation_ratio") == icite["27599104"]["relative_citation_ratio"]
    )
    assert rcr.value("icite.clinical_citations") == len(icite["27599104"]["cited_by_clin"])
    assert rcr.value("icite.provisional") is False  # "No" string read as a flag
    alt = fixture_json("altmetric/v1-doi-10.1152_ajplung.00411.2014.json")
    lung = figures["doi:10.1152/ajplung.00411.2014"]
    assert lung.value("altmetric.score") == alt["score"]
    assert lung.value("altmetric.mendeley_readers") == int(alt["readers"]["mendeley"])  # a string
    assert lung.value("altmetric.patents") == 0  # absent count means zero
    assert lung.value("altmetric.details_url").startswith("https://www.altmetric.com/details.php")
    crossref = fixture_json("crossref/works-10.1371_journal.pone.0033693.json")["message"]
    pone = figures["doi:10.1371/journal.pone.0033693"]
    assert pone.value("crossref.is_referenced_by_count") == crossref["is-referenced-by-count"]
    assert [u["type"] for u in pone.value("crossref.updates")] == ["correction"]
    assert pone.value("crossref.retracted") is False
    epmc = figures["doi:10.1038/s41392-025-02280-1"]
    assert epmc.value("europepmc.cited_by_count") == 10
    author = figures["orcid:0000-0001-6187-6610"]
    stats = fixture_json("openalex/author-A5023888391.json")["summary_stats"]
    assert author.kind == "author"
    assert author.value("openalex.h_index") == stats["h_index"]
    assert author.value("openalex.i10_index") == stats["i10_index"]
    post = figures["doi:10.59350/demo-post-1"]
    assert post.kind == "post" and post.source_path == "posts/own-doi.md"
    missing = figures["doi:10.5555/not-a-real-work"]
    assert missing.metrics == {} and set(missing.checked) == {
        "altmetric",
        "crossref",
        "openalex",
        "europepmc",
    }
    for figure in peerj.metrics.values():
        assert figure["as_of"] and figure["source"] == "openalex"
    assert "requested" in result.out and "not found" in result.out  # the summary table


def test_a_second_run_inside_the_window_makes_no_requests(site, capsys):
    with FakeAPI("recorded", limits=FAST) as api:
        first = run(api, site, capsys=capsys)
        before = api.count()
        second = run(api, site, capsys=capsys)
        assert api.count() == before  # nothing went to the server
        assert before > 0 and first.code == second.code == 0
        run(api, site, "--force", capsys=capsys)
        assert api.count() > before  # --force asks again


def test_the_http_cache_answers_when_the_data_files_are_gone(site, capsys):
    """An interrupted run (data not saved) resumes from the HTTP cache without requests."""
    with FakeAPI("recorded", limits=FAST) as api:
        run(api, site, capsys=capsys)
        before = api.count()
        for path in (site / "data/impact").iterdir():
            path.unlink()
        again = run(api, site, capsys=capsys)
        assert api.count() == before
    assert again.figures["doi:10.7717/peerj.4375"].value("openalex.cited_by_count") == 962


FAULTS = ["500", "429", "timeout", "truncated", "nonjson", "drift"]


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A site whose figures were fetched on 2026-01-01 (copied, without its HTTP cache)."""
    return stored_site(tmp_path_factory.mktemp("stored"))


@pytest.mark.parametrize("kind", FAULTS)
def test_every_fault_keeps_the_old_figures(stored, tmp_path, capsys, kind):
    site = tmp_path / "content"
    shutil.copytree(stored, site)
    old = load_figures(site / "data/impact")["doi:10.7717/peerj.4375"].metrics
    assert old["openalex.cited_by_count"]["as_of"] == "2026-01-01"
    with FakeAPI(
        "recorded", limits=FAST, faults=[Fault("openalex", kind)], timeout_sleep=1.0
    ) as api:
        later = run(
            api,
            site,
            "--today",
            "2026-03-01",
            "--only",
            "openalex",
            capsys=capsys,
            timeout=0.3,
            attempts=2,
        )
        assert api.count("openalex") >= 2  # it retried
    assert later.code == 0  # publishing goes on
    kept = later.figures["doi:10.7717/peerj.4375"]
    assert kept.metrics == old  # same values, same older as_of
    assert kept.checked["openalex"] == "2026-01-01"
    assert "failed" in later.err
    # a broken answer is never cached: the next healthy run fetches and updates the date
    with FakeAPI("recorded", limits=FAST) as api:
        healed = run(api, site, "--today", "2026-03-01", "--only", "openalex", capsys=capsys)
        assert api.count("openalex") > 0
    assert (
        healed.figures["doi:10.7717/peerj.4375"].figure("openalex.cited_by_count")["as_of"]
        == "2026-03-01"
    )


def test_strict_fails_on_any_failure_and_a_transient_fault_is_retried(site, capsys):
    with FakeAPI("recorded", limits=FAST, faults=[Fault("crossref", "500")]) as api:
        result = run(api, site, "--only", "crossref", "--strict", capsys=capsys, attempts=2)
    assert result.code == 1 and "--strict" in result.err
    with FakeAPI(
        "recorded",
        limits=FAST,
        faults=[Fault("crossref", "500", times=1), Fault("crossref", "429", times=1)],
    ) as api:
        result = run(api, site, "--only", "crossref", "--strict", capsys=capsys, attempts=4)
    assert result.code == 0
    assert (
        result.figures["doi:10.1371/journal.pone.0033693"].value("crossref.is_referenced_by_count")
        == 72
    )


def test_not_found_shapes_and_neighbour_answers(site, capsys):
    """HTML 404 is 'not found'; an Altmetric answer about another DOI is a failure."""
    faults = [
        Fault("crossref", "html404"),
        Fault("altmetric", "neighbour", match="not-a-real-work"),
    ]
    with FakeAPI("synthetic", limits=FAST, faults=faults) as api:
        result = run(api, site, "--only", "crossref,altmetric", "--strict", capsys=capsys)
    assert result.code == 1 and "1 figure request(s) failed" in result.err
    assert "answered about a different output (10.1111/bcp.12866)" in result.out + result.err
    figures = result.figures
    assert figures["doi:10.5555/not-a-real-work"].for_provider("altmetric") == {}
    assert "altmetric" not in figures["doi:10.5555/not-a-real-work"].checked
    assert figures["doi:10.1371/journal.pone.0033693"].for_provider("crossref") == {}
    assert figures["doi:10.7717/peerj.4375"].value("altmetric.score") > 0  # synthetic answer kept


def test_rate_and_concurrency_limits_are_obeyed_at_the_server(tmp_path, capsys):
    """Announced limits (Crossref-style headers) are followed: no 429s, no window over the limit."""
    content = make_site(tmp_path)
    cite_works(content, [{"DOI": f"10.5555/bench-{i}"} for i in range(23)])
    limits = {
        **FAST,
        "crossref": Limit(limit=12, interval=1, concurrency=2),
        "europepmc": Limit(limit=15, interval=1, concurrency=3),
    }
    with FakeAPI("synthetic", latency=0.02, limits=limits) as api:
        result = run(
            api,
            content,
            "--only",
            "crossref,europepmc",
            "--limit",
            "crossref=12/1s:2",
            capsys=capsys,
        )
        assert result.code == 0
        assert api.rejected() == 0
        assert api.max_in_window("crossref") <= 12
        assert api.max_in_window("europepmc") <= 15
        assert api.max_in_flight["crossref"] <= 2
        assert api.max_in_flight["europepmc"] <= 3
        assert api.count("crossref") == 23 + 1  # and the post with its own DOI
    figures = result.figures
    assert all(
        figures[f"doi:10.5555/bench-{i}"].value("crossref.is_referenced_by_count")
        for i in range(23)
    )


def test_unannounced_limits_are_found_by_backing_off(tmp_path, capsys):
    """A server that answers 429 without any header or Retry-After still gets everything."""
    content = make_site(tmp_path)
    cite_works(content, [{"DOI": f"10.5555/q-{i}"} for i in range(12)])
    limits = {**FAST, "crossref": Limit(limit=6, interval=0.5, concurrency=None, announce=False)}
    with FakeAPI("synthetic", limits=limits) as api:
        result = run(
            api,
            content,
            "--only",
            "crossref",
            "--limit",
            "crossref=40/1s:4",
            "--strict",
            capsys=capsys,
            attempts=8,
            backoff=0.05,
        )
        assert api.rejected("crossref") > 0  # it did hit the wall
    assert result.code == 0
    assert sum(1 for r in result.figures.values() if r.for_provider("crossref")) == 12 + 1  # + post


def test_retry_after_is_honoured(tmp_path, capsys):
    content = make_site(tmp_path)
    cite_works(content, [{"DOI": "10.7717/peerj.4375"}])
    fault = Fault("openalex", "429", match="peerj", times=1, retry_after=0.4)
    with FakeAPI("recorded", limits=FAST, faults=[fault]) as api:
        run(api, content, "--only", "openalex", capsys=capsys, backoff=0.0)
        times = [s.at for s in api.requests("openalex") if "peerj" in s.path]
    assert len(times) == 2 and times[1] - times[0] >= 0.38


def test_exhausted_budget_stops_the_provider_and_keeps_old_figures(site, capsys):
    with FakeAPI("recorded", limits={**FAST, "openalex": Limit(200, 1, 8, budget=1)}) as api:
        result = run(api, site, "--only", "openalex", capsys=capsys)
        sent = api.count("openalex")
    assert result.code == 0
    assert "stopped early" in result.err
    assert sent <= 3  # it did not keep knocking after the budget ran out


def test_missing_altmetric_key_skips_it_with_one_notice(site, capsys):
    with FakeAPI("recorded", limits=FAST) as api:
        result = run(api, site, capsys=capsys, env={"ALTMETRIC_API_KEY": ""})
        assert api.count("altmetric") == 0
    assert result.code == 0
    assert result.err.count("ALTMETRIC_API_KEY") == 1
    with FakeAPI(
        "recorded", limits={**FAST, "altmetric": Limit(200, 1, 8, key="other-key-123")}
    ) as api:
        refused = run(api, site, "--only", "altmetric", "--force", capsys=capsys)
        assert api.count("altmetric") == 1  # a refused key stops the provider at once
    assert refused.code == 0 and "check the API key" in refused.err


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--only", "scopus"], {}, "unknown provider 'scopus'"),
        (
            [],
            {"ALTMETRIC_API_KEY": "has a space 1234"},
            "ALTMETRIC_API_KEY does not look like an API key",
        ),
        ([], {"OPENALEX_API_KEY": "short"}, "OPENALEX_API_KEY does not look like an API key"),
        ([], {"CROSSREF_MAILTO": "not-an-email"}, "CROSSREF_MAILTO must be an e-mail address"),
        ([], {"CROSSREF_API_URL": "api.crossref.org"}, "is not a base URL"),
        (["--limit", "crossref=fast"], {}, "--limit"),
        (["--today", "27/11/2026"], {}, "YYYY-MM-DD"),
        (["--only", "altmetric"], {"ALTMETRIC_API_KEY": ""}, "needs a key"),
    ],
)
def test_configuration_errors_exit_2_with_a_clear_message(site, capsys, args, env, message):
    with FakeAPI("recorded", limits=FAST) as api:
        result = run(api, site, *args, capsys=capsys, env=env)
        assert api.count() == 0
    assert result.code == 2
    assert "configuration error" in result.err and message in result.err
    assert "has a space" not in result.err and "Traceback" not in result.err


def test_a_broken_data_file_is_never_overwritten(site, capsys):
    folder = site / "data/impact"
    folder.mkdir(parents=True)
    broken = '{"records": {<<<<<<< HEAD\n'
    (folder / "figures.json").write_text(broken)
    with FakeAPI("recorded", limits=FAST) as api:
        result = run(api, site, capsys=capsys)
        assert api.count() == 0
    assert result.code == 2 and "merge-conflict" in result.err
    assert (folder / "figures.json").read_text() == broken


def test_ids_file_narrows_the_run(site, tmp_path, capsys):
    ids = tmp_path / "ids.txt"
    ids.write_text("# just one\nhttps://doi.org/10.7717/PEERJ.4375\n")
    with FakeAPI("recorded", limits=FAST) as api:
        result = run(api, site, "--ids", str(ids), capsys=capsys)
        paths = {s.path for s in api.requests()}
    assert result.code == 0
    assert all("peerj" in p or "/sources/" in p or "/pubs" in p or "search" in p for p in paths)
    assert set(result.figures) == {"doi:10.7717/peerj.4375"}
    ids.write_text("not an id\n")
    with FakeAPI("recorded", limits=FAST) as api:
        assert run(api, site, "--ids", str(ids), capsys=capsys).code == 2


def test_no_key_leaks_into_data_cache_or_logs(site, capsys):
    faults = [
        Fault("openalex", "500", match="peerj", times=1),
        Fault("altmetric", "timeout", times=1),
    ]
    with FakeAPI("recorded", limits=FAST, faults=faults, timeout_sleep=0.6) as api:
        result = run(api, site, capsys=capsys, timeout=0.3)
        sent = [s.query for s in api.requests("altmetric")]
    assert any(KEY in query for query in sent)  # the key did reach the API
    assert KEY not in result.out + result.err
    assert MAILTO not in result.out + result.err
    files = [*(site / "data/impact").iterdir(), *(site.parent / "cache").iterdir()]
    assert any(p.suffix == ".sqlite" for p in files)
    for path in files:
        data = path.read_bytes()
        assert KEY.encode() not in data, path
        assert MAILTO.encode() not in data, path
    cached = (site.parent / "cache/altmetric.sqlite").read_bytes()
    assert b"ajplung.00411.2014?key=REDACTED" in cached  # the URL is stored, redacted


def test_an_unexplained_429_widens_the_rate_window_only_until_answers_are_calm_again():
    """With announced limits we kept within them by our count, so a 429 means the server
    counts something we do not see: a window margin starts and doubles with each 429, and
    halves again after five windows of answers without a 429 (until it is gone), so one
    unlucky moment does not slow the rest of a long run."""
    limiter = Limiter(limit=20, interval=1.0, concurrency=3)
    limiter.announced = True
    assert limiter.margin == 0
    limiter.throttled()
    limiter.throttled()
    assert limiter.margin == pytest.approx(2 * MARGIN)
    for _ in range(99):
        limiter.succeeded()
    limiter.throttled()  # a new 429 starts the count again
    assert limiter.margin == pytest.approx(4 * MARGIN)
    limiter.throttled()
    limiter.throttled()
    assert limiter.margin == pytest.approx(0.25)  # at most a quarter window
    for _ in range(99):
        limiter.succeeded()
    assert limiter.margin == pytest.approx(0.25)
    limiter.succeeded()
    assert limiter.margin == pytest.approx(0.125)
    for _ in range(500):
        limiter.succeeded()
    assert limiter.margin == 0
