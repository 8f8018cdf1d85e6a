"""Bibliography files (BibTeX, CSL-JSON, CSL-YAML), the references cache and identifiers."""

from __future__ import annotations

import json

from citations import bibliography, reference_cache
from citations.csl import expand_pages, normalize_item, parse_date, pubmed_name
from citations.exports import to_bibtex, to_ris
from meded_core.identifiers import http_url, normalize_isbn
import pytest


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bibtex_entry_becomes_csl(tmp_path):
    path = write(
        tmp_path,
        "refs.bib",
        """
@article{Kesselheim2014,
  author = {Kesselheim, Jennifer C. and van den Berg, Al and M{\\"u}ller, Jr., Hans and {World Health Organization}},
  title = {New professionalism challenges in medical training},
  journaltitle = {Journal of Graduate Medical Education},
  shortjournal = {J Grad Med Educ},
  date = {2014-03},
  volume = 6, number = 1, pages = {100--105},
  doi = {https://doi.org/10.4300/JGME-D-13-00132.1},
}
""",
    )
    item = bibliography.load_file(path).get("Kesselheim2014").item
    assert item["type"] == "article-journal"
    assert item["author"] == [
        {"family": "Kesselheim", "given": "Jennifer C."},
        {"family": "Berg", "given": "Al", "non-dropping-particle": "van den"},
        {"family": "Müller", "given": "Hans", "suffix": "Jr."},
        {"literal": "World Health Organization"},
    ]
    assert item["container-title-short"] == "J Grad Med Educ"
    assert item["page"] == "100-105"
    assert item["issued"] == {"date-parts": [[2014, 3]]}
    assert item["DOI"] == "10.4300/JGME-D-13-00132.1"


def test_broken_bibtex_entry_names_its_own_line_and_keeps_the_rest(tmp_path):
    path = write(
        tmp_path,
        "refs.bib",
        "@article{good, title={Fine}, year=2020}\n\n@article{broken,\n  author = {Foo,\n  title = {Bar}\n\n@misc{later, title={Later}}\n",
    )
    result = bibliography.load_file(path)
    assert set(result.entries) >= {"good"}
    (problem,) = [p for p in result.problems if "cannot be read" in p.message]
    assert problem.line == 3 and "'broken'" in problem.message and problem.source == str(path)


def test_entry_without_title_and_keys_differing_by_case(tmp_path):
    path = write(
        tmp_path,
        "refs.bib",
        "@article{choo2015, title={A}}\n@article{Choo2015, author={Choo, E}}\n",
    )
    problems = bibliography.load_file(path).problems
    assert any(
        "differs from 'choo2015'" in p.message and "only by case" in p.message and p.line == 2
        for p in problems
    )
    assert any("has no title" in p.message and p.line == 2 for p in problems)


def test_csl_json_with_journal_abbreviation_and_a_syntax_error(tmp_path):
    good = write(
        tmp_path,
        "good.json",
        json.dumps(
            [
                {
                    "id": "wise2014",
                    "type": "article-journal",
                    "title": "Promoting research",
                    "journalAbbreviation": "BMJ",
                    "issued": {"date-parts": [["2014", "11", "19"]]},
                    "volume": 349,
                    "page": "g7016",
                }
            ],
            indent=2,
        ),
    )
    item = bibliography.load_file(good).get("wise2014").item
    assert item["container-title-short"] == "BMJ" and item["volume"] == "349"
    assert item["issued"] == {"date-parts": [[2014, 11, 19]]}
    bad = write(
        tmp_path, "bad.json", '[\n  {"id": "a", "title": "x"},\n  {"id": "b" "title": "y"}\n]\n'
    )
    (problem,) = bibliography.load_file(bad).problems
    assert problem.line == 3 and "cannot be read" in problem.message


def test_csl_yaml_items_lines_and_errors(tmp_path):
    good = write(
        tmp_path,
        "refs.yaml",
        "references:\n- id: one\n  type: book\n  title: A book\n  issued: 2019\n- id: two\n  type: webpage\n",
    )
    result = bibliography.load_file(good)
    assert result.get("one").item["issued"] == {"date-parts": [[2019]]}
    assert result.get("two").line == 6
    assert any(p.line == 6 and "no title" in p.message for p in result.problems)
    bad = write(tmp_path, "bad.yaml", "- id: one\n  title: [unclosed\n- id: two\n")
    (problem,) = bibliography.load_file(bad).problems
    assert problem.line is not None and problem.line >= 2


def test_cache_round_trip_is_sorted_stable_and_one_author_per_line(tmp_path):
    path = tmp_path / "references.json"
    cache = reference_cache.load(path)
    cache.put(
        "pmid:2",
        {
            "type": "journal-article",
            "title": ["B"],
            "author": [{"family": "X", "given": "Y", "sequence": "first"}],
        },
    )
    cache.put(
        "doi:10.1/a",
        {
            "type": "article-journal",
            "title": "A",
            "issued": {"date-parts": [[2020, 1]]},
            "reference": [{"key": "r1"}],
        },
    )
    cache.save()
    text = path.read_text()
    assert text.index('"doi:10.1/a"') < text.index('"pmid:2"')
    assert '      {"family": "X", "given": "Y"}' in text
    assert '"issued": {"date-parts": [[2020, 1]]}' in text and "reference" not in text
    again = reference_cache.load(path)
    assert again.items == cache.items and again.get("pmid:2")["type"] == "article-journal"
    again.dirty = True
    again.save()
    assert path.read_text() == text


def test_broken_cache_is_a_problem_with_its_line(tmp_path):
    path = write(tmp_path, "references.json", '[\n  {"id": "doi:10.1/a",\n<<<<<<< HEAD\n]')
    cache = reference_cache.load(path)
    assert cache.problem.line == 3 and cache.items == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9780306406157", "9780306406157"),
        ("0-306-40615-2", "9780306406157"),
        ("ISBN 978-0-306-40615-7", "9780306406157"),
        ("9780306406158", None),
        ("0306406153", None),
        ("12345", None),
        ("080442957X", "9780804429573"),
    ],
)
def test_isbn_validation(text, expected):
    assert normalize_isbn(text) == expected


def test_only_http_urls_are_linkable():
    assert http_url("https://altmetrics.org/manifesto/") == "https://altmetrics.org/manifesto/"
    assert http_url("javascript:alert(1)") is None and http_url("data:text/html,x") is None


def test_source_quirks_are_normalised():
    assert (
        expand_pages("188-91") == "188-191"
        and expand_pages("411\u2013416") == "411-416"
        and expand_pages("e76-e77") == "e76-e77"
    )
    assert pubmed_name("Hambrick GW Jr") == {"family": "Hambrick", "given": "G. W.", "suffix": "Jr"}
    assert parse_date("1965 Aug") == {"date-parts": [[1965, 8]]}
    assert parse_date("March 3, 2016") == {"date-parts": [[2016, 3, 3]]}
    item = normalize_item(
        {
            "type": "journal-article",
            "title": ["T"],
            "container-title": ["Journal"],
            "DOI": "https://doi.org/10.1000/X",
        }
    )
    assert item == {
        "type": "article-journal",
        "title": "T",
        "container-title": "Journal",
        "DOI": "10.1000/X",
    }


def test_exports_for_reference_managers():
    item = {
        "type": "article-journal",
        "title": "Twitter & tools",
        "author": [{"family": "Choo", "given": "Esther K."}],
        "container-title": "Medical Teacher",
        "volume": "37",
        "issue": "5",
        "page": "411-416",
        "issued": {"date-parts": [[2015, 5]]},
        "DOI": "10.3109/0142159X.2014.993371",
        "PMID": "25523012",
    }
    bib = to_bibtex([("choo2015", item)])
    assert (
        bib.startswith("@article{choo2015,")
        and "title = {Twitter \\& tools}" in bib
        and "pages = {411--416}" in bib
    )
    assert "month = may" in bib and "doi = {10.3109/0142159X.2014.993371}" in bib
    ris = to_ris([item])
    assert (
        ris.startswith("TY  - JOUR\r\nAU  - Choo, Esther K.\r\n")
        and "SP  - 411\r\nEP  - 416" in ris
        and ris.rstrip().endswith("ER  -")
    )


def test_normalize_item_maps_zotero_fields_and_cleans_name_lists():
    item = normalize_item(
        {
            "type": "book",
            "journalAbbreviation": "Med Teach",
            "shortTitle": "Twitter",
            "title-short": "Kept",  # the CSL field wins over Zotero's
            "author": [
                "Choo, Esther K.",
                {"name": "World Health Organization"},
                7,
                {"family": " Chan ", "given": ""},
                {},
            ],
            "editor": "Jane Doe",  # not a list: no usable names
        }
    )
    assert item == {
        "type": "book",
        "container-title-short": "Med Teach",
        "title-short": "Kept",
        "author": [
            {"family": "Choo", "given": "Esther K."},
            {"literal": "World Health Organization"},
            {"family": "Chan"},
        ],
    }


def test_normalize_item_types_numbers_pages_titles_and_dates():
    item = normalize_item(
        {
            "type": "not-a-csl-type",
            "title": ["One", "Two"],
            "page": "188-91",
            "volume": 37,
            "issue": 0,
            "edition": "",
            "issued": "2015 May",
            "accessed": {"raw": "unreadable"},
            "original-date": {"date-parts": [[1999, None]]},
            "custom": "dropped",
        }
    )
    assert item == {
        "type": "article",
        "title": "One",
        "page": "188-191",
        "volume": "37",
        "issue": "0",
        "issued": {"date-parts": [[2015, 5]]},
        "original-date": {"date-parts": [[1999]]},
    }
    assert normalize_item({"type": "journal-article"})["type"] == "article-journal"


def test_normalize_item_identifiers_from_fields_and_note():
    item = normalize_item(
        {
            "type": "article-journal",
            "note": "PMID: 25523012\nDOI: 10.3109/0142159X.2014.993371",
            "PMID": "pmid:26275428",  # a field the author set wins over the note
            "PMCID": "5815332",
        }
    )
    assert item["PMID"] == "26275428" and item["PMCID"] == "PMC5815332"
    assert item["DOI"] == "10.3109/0142159X.2014.993371"  # from the note
    assert normalize_item({"DOI": " not a doi "})["DOI"] == "not a doi"  # kept, for the report
