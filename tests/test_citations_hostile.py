"""Build-time look-ups (and ``make refs``) against hostile services: bounded time and memory,
no answer from another host, and an offline build that moves on at once."""

from __future__ import annotations

import resource
import time

from citations import reference_cache
from citations.resolve import Failure, Identifier, Resolver, parse_identifier
import pytest

from bench.fakeapi import FakeAPI

CN_BODY = "doi-content-negotiation/csl-json-10.1126_science.169.3946.635.json"
DOI = "doi:10.1126/science.169.3946.635"


@pytest.fixture
def api():
    with FakeAPI(drip_interval=0.1) as server:  # each byte well within the read timeout
        yield server


def urls(root: str) -> dict[str, str]:
    return {
        "DOI_RESOLVER_URL": root + "/doi",
        "CROSSREF_API_URL": root + "/crossref",
        "NCBI_EUTILS_URL": root + "/eutils",
        "EUROPEPMC_API_URL": root + "/europepmc/webservices/rest",
        "OPENLIBRARY_API_URL": root + "/openlibrary",
    }


def ident(text: str) -> Identifier:
    parsed = parse_identifier(text)
    assert isinstance(parsed, Identifier)
    return parsed


def lookup(api, tmp_path, text=DOI, timeout=0.5):
    resolver = Resolver(
        reference_cache.load(tmp_path / "references.json"), urls(api.root), timeout=timeout
    )
    started = time.monotonic()
    answer = resolver.lookup(ident(text))
    return answer, time.monotonic() - started, resolver


@pytest.mark.parametrize("kind", ["drip", "dripheaders", "silent"])
def test_slow_and_silent_resolvers_cost_one_deadline(api, tmp_path, kind):
    """A slow drip used to hang `make html` and `make refs` for as long as it lasted."""
    api.route("/doi/", hostile=kind)
    answer, seconds, resolver = lookup(api, tmp_path)
    assert isinstance(answer, Failure) and answer.kind == "unreachable"
    assert "did not answer within 0.5 s" in answer.message
    assert seconds < 3, seconds
    again = resolver.lookup(ident("doi:10.1000/other"))
    assert again.kind == "offline" and "earlier in this run" in again.message


@pytest.mark.parametrize("kind", ["endless", "gzipbomb"])
def test_huge_and_compressed_answers_are_capped(api, tmp_path, kind):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    api.route("/doi/", hostile=kind)
    answer, seconds, _ = lookup(api, tmp_path, timeout=5)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    assert isinstance(answer, Failure) and answer.kind == "bad_answer"
    assert "larger than 8,388,608 bytes" in answer.message
    assert seconds < 5 and grown_mib < 100, (seconds, grown_mib)


def test_an_oversized_answer_is_a_bad_answer(api, tmp_path):
    api.route("/doi/", hostile="endless")
    api.route("/crossref/works/", hostile="gzipbomb")
    resolver = Resolver(
        reference_cache.load(tmp_path / "references.json"), urls(api.root), timeout=5
    )
    from citations import services

    with pytest.raises(services.ResolveError, match="larger than"):
        services.resolve_doi(resolver.fetcher, "10.1126/science.169.3946.635")


def test_a_redirect_to_another_host_is_refused(api, tmp_path):
    with FakeAPI(host="127.0.0.2") as elsewhere:
        elsewhere.route("/doi/", body=CN_BODY)
        api.route("/doi/", hostile="redirect", location=elsewhere.root + "{path}")
        api.route("/crossref/works/", hostile="redirect", location="file:///etc/passwd")
        resolver = Resolver(reference_cache.load(tmp_path / "refs.json"), urls(api.root), timeout=2)
        from citations import services

        with pytest.raises(services.ResolveError) as caught:
            services.resolve_doi(resolver.fetcher, "10.1126/science.169.3946.635")
        assert elsewhere.count() == 0
    assert "not one of the service's hosts" in caught.value.message


def test_a_redirect_to_a_registration_agency_is_followed(api, tmp_path):
    """doi.org hands content negotiation to the agency (here: the Crossref base URL's host)."""
    api.route("/crossref/transform/", body=CN_BODY)
    api.route("/doi/", hostile="redirect", location=api.root + "/crossref/transform{path}")
    answer, _, _ = lookup(api, tmp_path, timeout=2)
    assert not isinstance(answer, Failure), answer
    assert answer["title"] == "The Structure of Ordinary Water"


def test_an_html_page_is_not_csl_json(api, tmp_path):
    api.route("/doi/", body=CN_BODY, content_type="text/html; charset=utf-8")
    resolver = Resolver(reference_cache.load(tmp_path / "refs.json"), urls(api.root), timeout=2)
    from citations import services

    with pytest.raises(services.ResolveError, match="text/html, not JSON"):
        resolver.fetcher.json(api.root + "/doi/10.1126/science.169.3946.635")


def test_offline_costs_well_under_a_second_per_service(tmp_path):
    """No network (connection refused): each service is tried once, then skipped."""
    with FakeAPI() as gone:
        root = gone.root
    resolver = Resolver(reference_cache.load(tmp_path / "refs.json"), urls(root), timeout=6)
    started = time.monotonic()
    answers = [resolver.lookup(ident(f"doi:10.1000/{i}")) for i in range(20)]
    answers += [resolver.lookup(ident(f"pmid:{1000 + i}")) for i in range(20)]
    seconds = time.monotonic() - started
    assert answers[0].kind == "unreachable" and "offline?" in answers[0].message
    assert all(isinstance(a, Failure) and a.kind == "offline" for a in answers[1:])
    assert resolver.requests_made == 1  # one host in this test: asked once
    assert seconds < 1, seconds
