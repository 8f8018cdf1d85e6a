"""Authors plugin, without Pelican: identifiers, handle validators, registry, resolution, share text."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from authors.bio import render_bio
from authors.credit import author_head, person_jsonld
from authors.registry import Author, load_registry, parse_registry
from authors.resolve import apply_handle_overrides, resolve_names
from authors.share import share_links, share_text
from authors.validators import (
    check_bluesky,
    check_linkedin,
    check_mastodon,
    check_url_or_file,
    check_x,
)
from conftest import FIXTURE_SITE
from meded_core.identifiers import (
    normalize_orcid,
    normalize_ror,
    orcid_check_digit,
    orcid_error,
    orcid_url,
)
import pytest

REGISTRY = FIXTURE_SITE / "authors.yml"

# --- ORCID and ROR --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),  # ORCID's documented test iD
        ("0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("http://orcid.org/0000-0002-1825-0097/", "0000-0002-1825-0097"),
        ("orcid.org/0000000218250097", "0000-0002-1825-0097"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),  # check character X, typed lower-case
        ("0000-0000-0000-538X", "0000-0000-0000-538X"),  # demo value in the registry
    ],
)
def test_valid_orcids_normalise(value, expected):
    assert orcid_error(value) is None
    assert normalize_orcid(value) == expected


@pytest.mark.parametrize(
    "value, why",
    [
        ("0000-0002-1825-0098", "check digit"),  # last digit typo
        ("0000-0002-1825-0087", "check digit"),  # one-digit typo in the body
        ("0000-0002-1852-0097", "check digit"),  # two digits swapped
        ("0000-0001-5109-3701", "check digit"),
        ("0000-0002-1825-009", "not shaped"),
        ("0000-0002-1825-00X7", "not shaped"),
        ("ABCD-0002-1825-0097", "not shaped"),
        ("", "empty"),
    ],
)
def test_invalid_orcids_are_explained(value, why):
    assert normalize_orcid(value) is None
    assert why in orcid_error(value)


def test_check_digit_and_url():
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000000000538") == "X"
    assert orcid_url("0000-0002-1825-0097") == "https://orcid.org/0000-0002-1825-0097"


def test_ror_check_digits():
    assert normalize_ror("https://ror.org/03yrm5c26") == "03yrm5c26"
    assert normalize_ror("03ths8210") == "03ths8210"
    assert normalize_ror("03yrm5c27") is None  # wrong check digits
    assert normalize_ror("13yrm5c26") is None  # must start with 0
    assert normalize_ror("03yrm5c2") is None


# --- Handle validators ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("@Maya_Okafor", "Maya_Okafor"),
        ("DemoMayaOkafor", "DemoMayaOkafor"),
        ("https://x.com/abc_1", "abc_1"),
        ("twitter.com/abc", "abc"),
    ],
)
def test_x_valid(value, expected):
    assert check_x(value).value == expected


@pytest.mark.parametrize(
    "value",
    ["@this_handle_is_too_long", "maya okafor", "maya-okafor", "", "https://example.org/abc"],
)
def test_x_invalid(value):
    checked = check_x(value)
    assert checked.value is None and "X handle" in checked.error


@pytest.mark.parametrize(
    "value, expected",
    [
        ("maya.bsky.social", "maya.bsky.social"),
        ("@Maya.Example.ORG", "maya.example.org"),
        ("https://bsky.app/profile/maya.bsky.social", "maya.bsky.social"),
    ],
)
def test_bluesky_valid(value, expected):
    assert check_bluesky(value).value == expected


@pytest.mark.parametrize(
    "value", ["maya", "maya..bsky.social", "-maya.bsky.social", "maya.bsky.123", "maya@bsky.social"]
)
def test_bluesky_invalid(value):
    assert "Bluesky handle" in check_bluesky(value).error


@pytest.mark.parametrize(
    "value, expected",
    [
        ("@kdzara@med-mastodon.com", "@kdzara@med-mastodon.com"),
        ("kdzara@Med-Mastodon.com", "@kdzara@med-mastodon.com"),
        ("https://scholar.social/@teresa_h", "@teresa_h@scholar.social"),
    ],
)
def test_mastodon_valid(value, expected):
    assert check_mastodon(value).value == expected


@pytest.mark.parametrize(
    "value",
    [
        "@kdzara",
        "kdzara@localhost",
        "@a@b@c.com",
        "https://scholar.social/users/teresa",
        "@ x@y.com",
    ],
)
def test_mastodon_invalid(value):
    assert "@user@server" in check_mastodon(value).error


@pytest.mark.parametrize(
    "value, expected",
    [
        ("maya-okafor", "maya-okafor"),
        ("https://www.linkedin.com/in/maya-okafor/", "maya-okafor"),
        ("linkedin.com/in/ab1", "ab1"),
    ],
)
def test_linkedin_valid(value, expected):
    assert check_linkedin(value).value == expected


@pytest.mark.parametrize(
    "value",
    ["https://www.linkedin.com/company/acme", "ma", "maya okafor", "https://example.org/in/maya"],
)
def test_linkedin_invalid(value):
    assert "LinkedIn" in check_linkedin(value).error


def test_url_or_file(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "me.svg").write_text("<svg/>")
    assert check_url_or_file("https://example.org/me", tmp_path).value == "https://example.org/me"
    local = check_url_or_file("/images/me.svg", tmp_path)
    assert (local.value, local.local) == ("images/me.svg", True)
    assert check_url_or_file("{static}/images/me.svg", tmp_path).local
    assert "nor a file in" in check_url_or_file("images/missing.jpg", tmp_path).error
    assert "not a web address" in check_url_or_file("javascript://alert(1)", tmp_path).error
    assert "not a web address" in check_url_or_file("https://no spaces.org", tmp_path).error


# --- Registry -------------------------------------------------------------------------------

GOOD = """\
kristina-dzara:
  name: Kristina Dzara
  degrees: PhD, MMSc
  role: Medical educator
  affiliation: Harvard Medical School
  ror: https://ror.org/03vek6s52
  bio: Short *Markdown* bio.
  x: "@KristinaDzara"
  bluesky: kdzara.bsky.social
  mastodon: "@kdzara@med-mastodon.com"
  orcid: 0000-0002-1825-0097
  linkedin: kristina-dzara
  website: https://example.org
  disclosures: None declared.
ann-lee:
  name: Ann Lee
"""


def test_registry_reads_every_field():
    registry = parse_registry(GOOD, "authors.yml")
    assert registry.problems == []
    kd = registry.get("kristina-dzara")
    assert kd.display_name == "Kristina Dzara, PhD, MMSc"
    assert kd.url == "authors/kristina-dzara/"
    assert kd.x == "KristinaDzara"
    assert kd.orcid_url == "https://orcid.org/0000-0002-1825-0097"
    assert kd.ror_url == "https://ror.org/03vek6s52"
    assert kd.bio_html == "<p>Short <em>Markdown</em> bio.</p>"
    assert kd.disclosures == "None declared."
    assert [link.kind for link in kd.links] == [
        "website",
        "x",
        "bluesky",
        "mastodon",
        "linkedin",
        "orcid",
    ]
    assert kd.links[3].url == "https://med-mastodon.com/@kdzara"
    assert registry.get("ann-lee").display_name == "Ann Lee"


def test_lookup_by_slug_name_or_display_name():
    registry = parse_registry(GOOD, "authors.yml")
    for key in ["kristina-dzara", "Kristina Dzara", "kristina  DZARA", "Kristina Dzara, PhD, MMSc"]:
        assert registry.get(key).slug == "kristina-dzara", key
    assert registry.get("Kristina") is None
    assert registry.suggest("kristina-dzarra") == ["kristina-dzara"]
    assert registry.suggest("Dzara")[0] == "kristina-dzara"
    assert registry.suggest("zzzzzz") == []


def test_fixture_registry_is_clean_and_complete():
    registry = load_registry(REGISTRY, REGISTRY.parent)
    assert registry.problems == []
    slugs = {a.slug for a in registry}
    assert {"maya-okafor", "daniel-reyes", "priya-natarajan", "teresa-halvorsen"} <= slugs
    assert len(slugs) >= 6
    # every kind of handle appears somewhere; one person has no ORCID; photos exist
    for kind in (
        "x",
        "bluesky",
        "mastodon",
        "linkedin",
        "website",
        "orcid",
        "photo",
        "disclosures",
    ):
        assert any(getattr(a, kind) for a in registry), kind
    assert any(a.orcid is None for a in registry)
    assert registry.get("maya-okafor").orcid == "0000-0002-1825-0097"
    assert all(a.photo_local and (REGISTRY.parent / a.photo).is_file() for a in registry if a.photo)


def _problem(registry, text):
    found = [p for p in registry.problems if text in p.message]
    assert found, [str(p) for p in registry.problems]
    return found[0]


def test_malformed_yaml_reports_the_line():
    registry = parse_registry("maya:\n  name: Maya\n  bio: [unclosed\n  x: y\n", "authors.yml")
    assert len(registry) == 0
    problem = _problem(registry, "not valid YAML")
    assert problem.line == 4
    assert "authors.yml:4" in str(problem)


def test_duplicate_slugs_and_names_are_errors():
    text = "a-one:\n  name: Ann Lee\nb-two:\n  name: ann lee\na-one:\n  name: Other\n"
    registry = parse_registry(text, "authors.yml")
    duplicate = _problem(registry, "appears twice")
    assert duplicate.line == 5 and "first on line 1" in duplicate.message
    assert registry.get("a-one").name == "Ann Lee"  # the first entry is kept
    same_name = _problem(registry, "already registered as 'a-one'")
    assert same_name.line == 4 and same_name.field == "name"


def test_bad_values_name_the_field_and_line(tmp_path):
    text = """\
bad-person:
  name: Bad Person
  x: "@far_too_long_for_x_handles"
  bluesky: nodots
  mastodon: "@nohost"
  orcid: 0000-0002-1825-0098
  linkedin: https://www.linkedin.com/company/acme
  website: ftp://example.org
  photo: images/nope.jpg
  ror: 03yrm5c27
  twitter: someone
  affilation: Typo University
"""
    registry = parse_registry(text, "authors.yml", tmp_path)
    person = registry.get("bad-person")
    assert person is not None  # the person is kept; only the bad values are dropped
    expected_lines = {
        "x": 3,
        "bluesky": 4,
        "mastodon": 5,
        "orcid": 6,
        "linkedin": 7,
        "website": 8,
        "photo": 9,
        "ror": 10,
    }
    for field, line in expected_lines.items():
        found = [p for p in registry.problems if p.field == field]
        assert found and found[0].line == line, field
        assert getattr(person, field) is None, field
    assert "check digit" in next(p for p in registry.problems if p.field == "orcid").message
    assert "rename the field" in next(p for p in registry.problems if p.field == "twitter").fix
    assert (
        "did you mean 'affiliation'"
        in next(p for p in registry.problems if p.field == "affilation").fix
    )


def test_entries_without_a_name_or_fields_are_reported():
    registry = parse_registry(
        "no-name:\n  role: x\nempty:\nBad Slug:\n  name: Bad Slug\n", "authors.yml"
    )
    assert _problem(registry, "has no name").line == 1
    assert _problem(registry, "has no fields").line == 3
    assert _problem(registry, "should be lower-case").line == 4
    assert registry.get("bad-slug").name == "Bad Slug"
    assert (
        parse_registry("- a\n- b\n", "authors.yml")
        .problems[0]
        .message.startswith("the author registry must be")
    )


def test_missing_registry_is_empty(tmp_path):
    registry = load_registry(tmp_path / "authors.yml", tmp_path)
    assert len(registry) == 0 and registry.problems == []


# --- Bios -----------------------------------------------------------------------------------


def test_bio_is_sanitised():
    html = render_bio(
        'Hi <script>alert(1)</script><a href="javascript:x()" onclick="y()">link</a> [ok](https://example.org)'
    )
    assert "<script" not in html and "alert" not in html
    assert "javascript:" not in html and "onclick" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in html


# --- Resolving a post's authors ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    return load_registry(REGISTRY, REGISTRY.parent)


def test_resolve_by_slug_name_and_split_display_name(demo):
    # Pelican's comma list splits "Maya Okafor, MD, MEd" into three pieces; they are rejoined.
    names = ["Maya Okafor", "MD", "MEd", "daniel-reyes", "Priya Natarajan"]
    result = resolve_names(names, demo)
    assert [r.slug for r in result.records] == ["maya-okafor", "daniel-reyes", "priya-natarajan"]
    assert result.unknown == []


def test_unknown_and_duplicate_names_keep_credit(demo):
    result = resolve_names(["maya-okafor", "Jane Nobody", "Maya Okafor"], demo)
    assert [r.slug for r in result.records] == ["maya-okafor", "jane-nobody"]
    assert result.records[1].in_registry is False and result.records[1].name == "Jane Nobody"
    assert result.unknown == ["Jane Nobody"] and result.duplicates == ["Maya Okafor"]


def test_handle_overrides(demo):
    records = resolve_names(["maya-okafor", "daniel-reyes"], demo).records
    overrides = {
        "maya-okafor": {"x": "@MayaAtConf", "mastodon": None},
        "Daniel Reyes": {"bluesky": "dan.example.org", "orcid": "0000-0001-5109-3700"},
        "priya-natarajan": {"x": "Priya"},
        "daniel-reyes ": "oops",
    }
    updated, problems = apply_handle_overrides(records, overrides, demo, source="p.md", line=7)
    assert updated[0].x == "MayaAtConf" and updated[0].mastodon is None
    assert (
        updated[1].bluesky == "dan.example.org"
        and updated[1].orcid == demo.get("daniel-reyes").orcid
    )
    assert records[0].x == "DemoMayaOkafor"  # the registry record itself is untouched
    messages = " | ".join(p.message for p in problems)
    assert "'orcid' cannot be overridden" in messages
    assert "'priya-natarajan' is not one of this post's authors" in messages
    assert "should be nested fields" in messages
    assert all(p.line == 7 and p.field == "author_handles" for p in problems)
    _, bad = apply_handle_overrides(
        records, {"maya-okafor": {"x": "not valid!"}}, demo, source="p.md", line=3
    )
    assert "not an X handle" in bad[0].message


# --- Head data, JSON-LD and share links ----------------------------------------------------------


def test_head_data_in_order(demo):
    records = resolve_names(["teresa-halvorsen", "maya-okafor", "daniel-reyes"], demo).records
    head = author_head(records, "https://site.example/blog")
    assert [c.name for c in head.citation_authors] == [
        "Halvorsen, Teresa",
        "Okafor, Maya",
        "Reyes, Daniel",
    ]
    assert head.twitter_creator == "@DemoMayaOkafor"  # first author WITH an X handle
    assert head.fediverse_creators == [
        "@thalvorsen@scholar.social.example",
        "@mayaokafor@med-mastodon.example",
        "@dreyes@mastodon.example",
    ]
    assert head.article_authors[0] == "https://site.example/blog/authors/teresa-halvorsen/"
    assert head.names == "Teresa Halvorsen, Maya Okafor and Daniel Reyes"


def test_person_jsonld(demo):
    person = person_jsonld(demo.get("maya-okafor"), "https://site.example")
    assert person["@id"] == person["identifier"] == "https://orcid.org/0000-0002-1825-0097"
    assert "https://x.com/DemoMayaOkafor" in person["sameAs"]
    assert person["affiliation"]["name"] == "Northbridge University School of Medicine"
    no_orcid = person_jsonld(demo.get("hannah-lindqvist"), "https://site.example")
    assert (
        no_orcid["@id"] == "https://site.example/authors/hannah-lindqvist/"
        and "identifier" not in no_orcid
    )
    with_ror = person_jsonld(Author("a", "A", affiliation="Org", ror="03yrm5c26"), "https://s")
    assert with_ror["affiliation"]["@id"] == "https://ror.org/03yrm5c26"


def test_share_text_tags_each_network_handle(demo):
    records = resolve_names(["maya-okafor", "daniel-reyes"], demo).records
    assert share_text("T", records, "x") == "T by @DemoMayaOkafor and @DemoDanReyes"
    assert (
        share_text("T", records, "bluesky", "https://u")
        == "T by @maya-okafor.bsky.example and Daniel Reyes https://u"
    )
    assert (
        share_text("T", records, "mastodon")
        == "T by @mayaokafor@med-mastodon.example and @dreyes@mastodon.example"
    )
    long = share_text("word " * 100, records, "x")
    assert len(long) <= 256 and long.endswith("by @DemoMayaOkafor and @DemoDanReyes")


def test_share_links(demo):
    records = resolve_names(["maya-okafor", "priya-natarajan"], demo).records
    url = "https://site.example/posts/2024/a/"
    links = {
        s.network: s
        for s in share_links(
            "A & B", url, records, networks=["x", "bluesky", "mastodon", "linkedin", "email"]
        )
    }
    x = urlsplit(links["x"].url)
    assert (x.scheme, x.netloc, x.path) == ("https", "x.com", "/intent/post")
    query = parse_qs(x.query)
    assert query["text"] == ["A & B by @DemoMayaOkafor and Priya Natarajan"]
    assert query["url"] == [url] and query["related"] == ["DemoMayaOkafor"]
    bsky = parse_qs(urlsplit(links["bluesky"].url).query)["text"][0]
    assert bsky == f"A & B by @maya-okafor.bsky.example and @priyanatarajan.example {url}"
    mastodon = links["mastodon"]
    assert mastodon.local and mastodon.url.startswith("share/mastodon/?text=")
    assert parse_qs(urlsplit(mastodon.url).query)["text"][0].startswith(
        "A & B by @mayaokafor@med-mastodon.example and Priya"
    )
    assert parse_qs(urlsplit(links["linkedin"].url).query) == {"url": [url]}
    email = urlsplit(links["email"].url)
    assert email.scheme == "mailto"
    body = parse_qs(email.query)["body"][0]
    assert (
        "by Maya Okafor, MD, MEd and Priya Natarajan, MBBS, MSc, FRCPC\r\n" in body and url in body
    )
    other = share_links(
        "T",
        url,
        records,
        networks=["mastodon"],
        mastodon_share_url="https://s2f.example/?text={text}",
    )
    assert other[0].url.startswith("https://s2f.example/?text=T%20by%20") and not other[0].local


def test_unsafe_yaml_tags_are_reported_not_run():
    registry = parse_registry(
        "evil:\n  name: !!python/object/apply:os.system [echo hi]\nok:\n  name: OK\n", "authors.yml"
    )
    assert _problem(registry, "cannot read this entry").line == 2
    assert registry.get("ok") is not None and registry.get("evil") is None
