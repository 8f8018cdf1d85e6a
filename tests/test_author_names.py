"""Author name parts: explicit given/family/particle (or one field) in the registry, used by
every citation format. Downloads are read back with bibtexparser and rispy, the page with
extruct; the registry's mistakes are reported with file and line."""

from __future__ import annotations

import json

from authors.registry import parse_registry
import bibtexparser
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
import extruct
from meded_core.names import default_parts
import pytest
import rispy
from scholarly_site import SITEURL, build_fixture

CITED = "posts/2024/cited/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("scholarly-names"))


@pytest.mark.parametrize(
    "text, csl",
    [
        ("Maya Okafor", {"family": "Okafor", "given": "Maya"}),
        ("N. Seth Trueger", {"family": "Trueger", "given": "N. Seth"}),
        (
            "Ludwig van Beethoven",
            {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        ),
        ("Martin Luther King Jr.", {"family": "King", "given": "Martin Luther", "suffix": "Jr."}),
        ("Madonna", {"literal": "Madonna"}),
    ],
)
def test_default_parts_of_a_plain_name(text, csl):
    assert default_parts(text).csl() == csl


def test_explicit_parts_win_over_the_default_split():
    registry = parse_registry(
        "minh-khai:\n  name: Nguyễn Thị Minh Khai\n  family: Nguyễn\n  given: Thị Minh Khai\n"
        "zoe:\n  name: Zoë van der Berg\n  given: Zoë\n  particle: van der\n  family: Berg\n"
        "club:\n  name: Night Shift Journal Club\n  organization: true\n",
        "authors.yml",
    )
    assert not registry.problems
    assert registry.get("minh-khai").name_parts.inverted() == "Nguyễn, Thị Minh Khai"
    assert registry.get("zoe").name_parts.csl() == {
        "family": "Berg",
        "given": "Zoë",
        "non-dropping-particle": "van der",
    }
    assert registry.get("zoe").family_name == "Berg"
    club = registry.get("club").name_parts
    assert club.csl() == {"literal": "Night Shift Journal Club"} and club.organization


@pytest.mark.parametrize(
    "entry, line, field, words",
    [
        ("  name: Ana Lima\n  given: Ana\n", 4, "given", "need a 'family'"),
        ("  name: Ana Lima\n  family: Lyma\n", 4, "family", "does not appear"),
        ("  name: Club\n  literal: true\n  family: Club\n", 5, "family", "one-field"),
        ("  name: Club\n  literal: maybe\n", 4, "literal", "true or false"),
    ],
)
def test_name_part_mistakes_are_reported_with_file_and_line(entry, line, field, words):
    registry = parse_registry(f"# people\nana:\n{entry}", "content/authors.yml")
    assert len(registry.problems) == 1, registry.problems
    problem = registry.problems[0]
    assert (problem.source, problem.line, problem.field) == ("content/authors.yml", line, field)
    assert words in problem.message
    assert registry.get("ana") or registry.get("club")  # the person is still credited


def test_highwire_authors_are_family_comma_given_in_order(site):
    data = extruct.extract(site.page(CITED + "index.html"), syntaxes=["json-ld"])
    page = site.page(CITED + "index.html")
    import re

    tags = re.findall(r'<meta name="citation_author" content="([^"]+)"', page)
    assert tags == ["van der Berg, Zoë", "Nguyễn, Thị Minh Khai", "Lima, Ana"]
    post = next(d for d in data["json-ld"] if d.get("@type") in {"BlogPosting", "WebPage"})
    post = post.get("mainEntity", post)
    people = [(a.get("givenName"), a.get("familyName")) for a in post["author"]]
    assert people == [("Zoë", "van der Berg"), ("Thị Minh Khai", "Nguyễn"), ("Ana", "Lima")]
    assert post["author"][0]["@id"] == "https://orcid.org/0000-0002-1825-0097"
    assert all("MD" not in a["name"] for a in post["author"])


def test_downloads_carry_the_name_parts(site):
    base = site.output / CITED
    library = bibtexparser.parse_string(
        (base / "cited-citation.bib").read_text(encoding="utf-8"),
        append_middleware=[SeparateCoAuthors(), SplitNameParts()],
    )
    names = [(n.first, n.von, n.last) for n in library.entries[0]["author"]]
    assert names == [
        (["Zoë"], ["van", "der"], ["Berg"]),
        (["Thị", "Minh", "Khai"], [], ["Nguyễn"]),
        (["Ana"], [], ["Lima"]),
    ]
    ris = rispy.loads((base / "cited-citation.ris").read_text(encoding="utf-8"))
    assert ris[0]["authors"] == ["van der Berg, Zoë", "Nguyễn, Thị Minh Khai", "Lima, Ana"]
    csl = json.loads((base / "cited-citation.json").read_text(encoding="utf-8"))
    assert csl[0]["author"][0] == {
        "family": "Berg",
        "given": "Zoë",
        "non-dropping-particle": "van der",
    }
    group = rispy.loads(
        (site.output / "posts/2024/group/group-citation.ris").read_text(encoding="utf-8")
    )
    assert group[0]["authors"] == ["Fixture Journal Club", "Madonna"]


def test_cite_this_texts_use_the_parts(site):
    page = site.page(CITED + "index.html")
    assert "van der Berg Z, Nguyễn TMK, Lima A." in page  # AMA
    assert "van der Berg, Z., Nguyễn, T. M. K., &amp; Lima, A." in page  # APA
    assert f"{SITEURL}/{CITED}" in page


def test_an_organisation_is_an_organization_in_json_ld(site):
    data = extruct.extract(site.page("posts/2024/group/index.html"), syntaxes=["json-ld"])
    post = next(d for d in data["json-ld"] if d.get("@type") in {"BlogPosting", "WebPage"})
    post = post.get("mainEntity", post)
    assert [a["@type"] for a in post["author"]] == ["Organization", "Person"]
    assert "familyName" not in post["author"][1]  # a mononym has one name
