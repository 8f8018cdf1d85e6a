"""``make impact`` against hostile answers: every stored figure survives, time and memory stay
bounded, and the failures are counted.

Each hostile mode of the fake server (see ``bench.fakeapi.HOSTILE``) is run against figures that
were stored earlier; afterwards ``figures.json`` and ``history.json`` must be byte for byte
what they were, the summary must count the failures, and the run must end within a few
seconds (the caps and deadlines are made small for the tests with --timeout, --max-bytes and
--max-seconds).
"""

from __future__ import annotations

import json
import resource
import shutil
import threading
import time

from impact.store import load_figures
from impact_support import FAST, KEY, MAILTO, cite_works, make_site, run, stored_site
import pytest

from bench.fakeapi import FakeAPI, Fault

PROVIDERS = ("altmetric", "crossref", "openalex", "icite", "europepmc")
QUICK = ("--timeout", "0.5", "--attempts", "2", "--max-seconds", "20")


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A site whose figures were fetched on 2026-01-01 (copied per test, without its cache)."""
    return stored_site(tmp_path_factory.mktemp("stored"))


@pytest.fixture
def site(stored, tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(stored, copy)
    return copy


def _files(site):
    folder = site / "data/impact"
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".json"}


def _stored(site):
    """Every stored figure (value, as_of, source) and the whole history."""
    figures = load_figures(site / "data/impact")
    metrics = {key: record.metrics for key, record in figures.items()}
    return metrics, (site / "data/impact/history.json").read_bytes()


def _failed(out: str, provider: str) -> int:
    """The 'failed' column of one provider's row in the summary table."""
    for line in out.splitlines():
        cells = line.split()
        if cells and cells[0] == provider:
            return int(cells[5])
    raise AssertionError(f"no summary row for {provider}:\n{out}")


def _hostile_run(site, capsys, provider, fault, *args, **options):
    before = _stored(site)
    # a byte every 0.1 s: each read returns well within the 0.5 s read timeout, so only a
    # deadline for the whole answer can end it
    with FakeAPI("recorded", limits=FAST, faults=[fault], drip_interval=0.1) as api:
        started = time.monotonic()
        result = run(
            api,
            site,
            "--today",
            "2026-03-01",
            "--only",
            provider,
            *QUICK,
            *args,
            capsys=capsys,
            timeout=0.5,
            attempts=2,
            **options,
        )
        seconds = time.monotonic() - started
        asked = api.count(provider)
    assert asked > 0, "the hostile server was never asked"
    assert _stored(site) == before, f"{fault.kind}: stored figures changed"
    assert _failed(result.out, provider) > 0, result.out
    return result, seconds


POISON = {
    "nan": "NaN",
    "infinite": "1e400",
    "negative": "-5",
    "fraction": "2.5",
    "huge": "1" + "0" * 400,
    "text": '"lots"',
    "list": "[1, 2]",
}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("value", sorted(POISON))
def test_poisoned_counts_are_refused_and_the_old_figures_stay(site, capsys, provider, value):
    result, seconds = _hostile_run(
        site, capsys, provider, Fault(provider, "poison", value=POISON[value])
    )
    assert result.code == 0 and seconds < 30
    assert (
        "is not a count" in result.out + result.err
        or "is not a number" in result.out + result.err
        or ("unreadable" in result.out + result.err)
    )


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("kind", ["missing", "errordoc", "html200"])
def test_error_documents_and_missing_fields_are_failures_not_zeros(site, capsys, provider, kind):
    result, _ = _hostile_run(site, capsys, provider, Fault(provider, kind), "--strict")
    assert result.code == 1 and "--strict" in result.err
    if kind == "errordoc":
        assert "status 'error'" in result.out + result.err
    if kind == "html200":
        assert "text/html, not JSON" in result.out + result.err


def test_a_missing_figure_never_becomes_zero_in_the_history(site, capsys):
    """The old code stored 0 for an error document and drew the trend down to zero."""
    history = json.loads((site / "data/impact/history.json").read_text())
    _hostile_run(site, capsys, "openalex", Fault("openalex", "errordoc"))
    assert json.loads((site / "data/impact/history.json").read_text()) == history
    figures = load_figures(site / "data/impact")
    assert figures["doi:10.7717/peerj.4375"].value("openalex.cited_by_count") == 962


def test_answers_about_another_identifier_are_failures(site, capsys):
    """Crossref answering with another DOI's record is not that DOI's figures."""
    with FakeAPI("synthetic", limits=FAST) as api:
        api.route(
            "/crossref/works/10.1371",
            body=json.dumps(
                {"status": "ok", "message": {"DOI": "10.9999/other", "is-referenced-by-count": 5}}
            ).encode(),
        )
        before = load_figures(site / "data/impact")["doi:10.1371/journal.pone.0033693"]
        other = run(api, site, "--only", "crossref", "--today", "2026-03-01", capsys=capsys)
    assert "answered about a different work (10.9999/other)" in other.out + other.err
    figures = load_figures(site / "data/impact")
    stored = figures["doi:10.1371/journal.pone.0033693"]
    assert stored.metrics == before.metrics and stored.checked == before.checked
    assert figures.history(stored.key, "crossref.is_referenced_by_count") == [("2026-01-01", 72)]


@pytest.mark.parametrize("kind", ["drip", "dripheaders", "silent"])
def test_slow_and_silent_servers_end_within_the_deadline(site, capsys, kind):
    """A slow drip used to hang the run; a silent server cost 153 s per identifier."""
    result, seconds = _hostile_run(site, capsys, "openalex", Fault("openalex", kind))
    assert seconds < 8, seconds
    assert (
        "no complete answer within 0.5 s" in result.out + result.err
        or "timed out" in result.out + result.err
    )
    assert (
        "openalex stopped" in result.out + result.err or "times in a row" in result.out + result.err
    )


@pytest.mark.parametrize("kind", ["endless", "gzipbomb"])
def test_huge_and_compressed_bodies_are_capped_after_decompression(site, capsys, kind):
    """A 1 GiB body took 3 GB of memory, a 1 MiB gzip bomb 4 GB; now a cap of 4 MiB holds."""
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    result, seconds = _hostile_run(
        site, capsys, "crossref", Fault("crossref", kind), "--max-bytes", str(4 * 1024**2)
    )
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert "larger than 4,194,304 bytes" in result.out + result.err
    assert seconds < 10 and grown_mib < 100, (seconds, grown_mib)
    cache = (site.parent / "cache/crossref.sqlite").stat().st_size
    assert cache < 1024**2  # the oversized answer was never cached


def test_redirects_to_another_host_are_refused(site, capsys):
    """Another host's numbers were stored as the provider's; it is not even contacted now."""
    with FakeAPI("synthetic", limits=FAST, growth=100, host="127.0.0.2") as elsewhere:
        fault = Fault("openalex", "redirect", location=elsewhere.root + "{path}")
        result, _ = _hostile_run(site, capsys, "openalex", fault)
        assert elsewhere.count() == 0
    assert "redirected outside the provider" in result.out + result.err
    assert "127.0.0.2" in result.out + result.err


def test_redirects_to_non_http_addresses_are_refused(site, capsys):
    fault = Fault("altmetric", "redirect", location="file:///etc/passwd")
    result, _ = _hostile_run(site, capsys, "altmetric", fault)
    assert "redirected outside the provider" in result.out + result.err


def test_a_server_echoing_the_key_gets_it_nowhere(site, capsys):
    """Bodies, headers and redirect history that repeat the key or mailto are scrubbed."""
    faults = [Fault("altmetric", "echo"), Fault("openalex", "echo")]
    with FakeAPI("recorded", limits=FAST, faults=faults) as api:
        result = run(api, site, "--force", "--today", "2026-03-01", capsys=capsys)
        assert any(KEY in s.query for s in api.requests("altmetric"))
    assert result.code == 0
    details = result.figures["doi:10.1152/ajplung.00411.2014"].value("altmetric.details_url")
    assert "key=***" in details  # the echo was stored, without the key
    files = [*(site / "data/impact").iterdir(), *(site.parent / "cache").iterdir()]
    for path in files:
        data = path.read_bytes()
        assert KEY.encode() not in data, path
        assert MAILTO.encode() not in data, path


def test_redirect_history_in_the_cache_keeps_no_key(site, capsys):
    """A redirect within the provider is followed; its hops are stored without the key."""
    with FakeAPI("recorded", limits=FAST) as api:
        fault = Fault(
            "altmetric",
            "redirect",
            match="ajplung",
            times=1,
            location=api.root + "/altmetric/v1/doi/10.1152/ajplung.00411.2014?key=" + KEY,
        )
        api.faults.append(fault)
        result = run(api, site, "--force", "--only", "altmetric", capsys=capsys)
    assert result.code == 0 and fault.used == 1
    cache = (site.parent / "cache/altmetric.sqlite").read_bytes()
    assert KEY.encode() not in cache


def test_the_run_deadline_keeps_what_was_fetched(tmp_path, capsys):
    """Past --max-seconds nothing more is asked; the answers already in are saved."""
    content = make_site(tmp_path)
    cite_works(content, [{"DOI": f"10.5555/deadline-{i}"} for i in range(40)])
    with FakeAPI("synthetic", limits=FAST, latency=0.2) as api:
        started = time.monotonic()
        result = run(
            api,
            content,
            "--only",
            "crossref",
            "--limit",
            "crossref=20/1s:1",
            "--max-seconds",
            "1",
            capsys=capsys,
            timeout=0.5,
        )
    seconds = time.monotonic() - started
    assert seconds < 6, seconds
    assert "time limit (1 s) was reached" in result.err
    saved = [k for k, r in result.figures.items() if r.for_provider("crossref")]
    assert 0 < len(saved) < 41
    assert _failed(result.out, "crossref") == 41 - len(saved)  # 40 works and the post


def test_offline_stops_each_service_at_once(site, capsys):
    """No network: one notice, one attempt per service (no retries, no back-off), nothing
    changed. The time bounds leave room for a busy machine; the request count is exact."""
    with FakeAPI("recorded", limits=FAST) as api:
        closed = api.root  # the port is free once the server is gone
    dead = {name: f"{closed}/{name}" for name in ("ALTMETRIC", "CROSSREF", "OPENALEX")}
    env = {f"{name}_API_URL": url for name, url in dead.items()}
    env.update({"ICITE_API_URL": closed + "/icite", "EUROPEPMC_API_URL": closed + "/epmc"})
    before = _files(site)

    class Offline:  # run() wants a FakeAPI for its environment
        def env(self):
            return env

    summary = site.parent / "summary.json"
    result = run(
        Offline(), site, "--force", "--strict", "--json", str(summary), capsys=capsys, attempts=5
    )
    timing = json.loads(summary.read_text())
    assert timing["seconds"] < 3, (timing, result.out, result.err)
    assert all(p["seconds"] < 1.5 and p["requests"] == 1 for p in timing["providers"].values()), (
        timing
    )
    assert result.code == 1
    assert result.err.count("no service reachable, nothing changed") == 1
    assert _files(site) == before
    assert "could not be reached" in result.out + result.err


def test_two_runs_at_once_the_second_says_who_holds_the_lock(site, capsys):
    holding = threading.Event()
    release = threading.Event()
    from impact import runlock

    def hold():
        with runlock.run_lock(site.parent / "cache", site / "data/impact"):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(5)
        before = _files(site)
        with FakeAPI("recorded", limits=FAST) as api:
            second = run(api, site, "--force", capsys=capsys)
            assert api.count() == 0
        assert second.code == 3
        assert "already updating" in second.err and "pid " in second.err
        assert "started 20" in second.err
        assert _files(site) == before
    finally:
        release.set()
        thread.join()
    with FakeAPI("recorded", limits=FAST) as api:
        assert run(api, site, "--force", capsys=capsys).code == 0  # the lock is free again
