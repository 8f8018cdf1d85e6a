"""Quality checklist: each automatic item both ways, ratings, intervals and bad inputs (pure code).

People come from the real author registry parser (the authors plugin), not from stubs.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt

from authors.registry import parse_registry
import pytest
from quality.accessibility import check_accessibility
from quality.criteria import CriteriaFileError, load_criteria, parse_criteria
from quality.evaluate import AUTO_CHECKS, PostFacts, evaluate
from quality.inputs import Issue, parse_interval, parse_links, parse_ratings, parse_review
from quality.model import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    ClinicalReview,
    Interval,
    Link,
    Rating,
    ReviewRecord,
)
from quality.people import People
from quality.ratings import summarize
from quality.schedule import build_date, clinical_review

REGISTRY_YAML = """
ana-author:
  name: Ana Author
  degrees: MD
  disclosures: None declared.
ben-bare:
  name: Ben Bare
rita-reviewer:
  name: Rita Reviewer
  degrees: PhD
  role: Reviewer
  disclosures: None declared.
sam-second:
  name: Sam Second
  degrees: MD
tom-third:
  name: Tom Third
  degrees: MD
"""


@pytest.fixture(scope="module")
def people() -> People:
    registry = parse_registry(REGISTRY_YAML, "authors.yml")
    assert not registry.problems
    return People(registry)


@pytest.fixture(scope="module")
def criteria():
    return load_criteria()


@dataclass
class Ref:
    key: str
    resolved: bool = True


def person(people, slug):
    return people.find(slug)


def author(people, slug):
    return people.registry.get(slug)


def status(criteria, facts, ident):
    item = next(i for i in evaluate(criteria, facts) if i.id == ident)
    return item.status, item.detail


# --- the criteria file ------------------------------------------------------------------------


def test_every_automatic_item_has_a_check_and_every_item_a_source(criteria):
    autos = {c.id for c in criteria.of_kind("auto")}
    assert autos == set(AUTO_CHECKS)
    for c in criteria.items:
        assert c.sources and c.wording.endswith(".")
        assert "rMETRIQ score" not in c.wording and "AIR score" not in c.wording
    assert {c.id for c in criteria.rated} == {"background", "content", "writing", "references"}
    assert all(c.scale == (0, 3) for c in criteria.rated)


def test_a_broken_criteria_file_is_a_clear_error():
    with pytest.raises(CriteriaFileError, match="unknown instrument 'nope'"):
        parse_criteria(
            {
                "instruments": {},
                "criteria": [
                    {
                        "id": "x",
                        "name": "X",
                        "kind": "auto",
                        "wording": "W.",
                        "sources": [{"instrument": "nope"}],
                    }
                ],
            }
        )
    with pytest.raises(CriteriaFileError, match="kind must be one of"):
        parse_criteria({"criteria": [{"id": "x", "name": "X", "kind": "magic", "wording": "W."}]})


# --- each automatic item, both ways ------------------------------------------------------------


def test_named_authors(criteria, people):
    assert (
        status(criteria, PostFacts(authors=[author(people, "ana-author")]), "named-authors")[0]
        == MET
    )
    assert status(criteria, PostFacts(authors=[]), "named-authors") == (
        NOT_MET,
        "no author is named",
    )


def test_author_credentials(criteria, people):
    assert (
        status(criteria, PostFacts(authors=[author(people, "ana-author")]), "author-credentials")[0]
        == MET
    )
    result = status(
        criteria,
        PostFacts(authors=[author(people, "ana-author"), author(people, "ben-bare")]),
        "author-credentials",
    )
    assert result == (NOT_MET, "no degrees or role for Ben Bare")
    # without the registry there is nothing to show credentials from
    assert (
        status(criteria, PostFacts(authors=["Ana"], registry=False), "author-credentials")[0]
        == NOT_MET
    )


def test_conflict_of_interest_statement(criteria, people):
    ana, ben = author(people, "ana-author"), author(people, "ben-bare")
    # the registry's statement is the default; an explicit "None declared" counts
    assert status(criteria, PostFacts(authors=[ana]), "conflicts-of-interest")[0] == MET
    assert (
        status(
            criteria,
            PostFacts(authors=[ben], disclosures="None declared."),
            "conflicts-of-interest",
        )[0]
        == MET
    )
    # an author without a statement, and an empty post statement, do not
    assert status(criteria, PostFacts(authors=[ana, ben]), "conflicts-of-interest") == (
        NOT_MET,
        "no statement for Ben Bare",
    )
    assert (
        status(criteria, PostFacts(authors=[ben], disclosures=""), "conflicts-of-interest")[0]
        == NOT_MET
    )


def test_contributors_and_reviewers_acknowledged(criteria, people):
    ana = author(people, "ana-author")
    named = ReviewRecord("expert-peer", (person(people, "rita-reviewer"),))
    anonymous = ReviewRecord("expert-peer", ())
    assert (
        status(criteria, PostFacts(authors=[ana], review=named), "contributors-acknowledged")[0]
        == MET
    )
    assert status(criteria, PostFacts(authors=[ana]), "contributors-acknowledged")[0] == MET
    assert status(
        criteria, PostFacts(authors=[ana], review=anonymous), "contributors-acknowledged"
    ) == (
        NOT_MET,
        "the expert peer review names no reviewers",
    )
    assert status(criteria, PostFacts(authors=[]), "contributors-acknowledged")[0] == NOT_MET


def test_references_present_resolved_and_cited(criteria):
    good = PostFacts(references=[Ref("doi:10.1/a"), Ref("pmid:1")])
    for ident in ("references-given", "citations-resolved", "references-cited"):
        assert status(criteria, good, ident)[0] == MET
    none = PostFacts(references=[])
    assert status(criteria, none, "references-given") == (NOT_MET, "no references")
    assert status(criteria, none, "citations-resolved")[0] == NOT_APPLICABLE
    unresolved = PostFacts(
        references=[Ref("doi:10.1/a"), Ref("doi:10.1/bad", resolved=False)],
        unresolved=["missingkey"],
    )
    assert status(criteria, unresolved, "citations-resolved") == (
        NOT_MET,
        "unresolved: missingkey, doi:10.1/bad",
    )
    uncited = PostFacts(references=[Ref("a"), Ref("b")], uncited=["b"])
    assert status(criteria, uncited, "references-cited") == (NOT_MET, "not cited in the text: b")
    # without the citations plugin the items cannot be met, and say why
    absent = PostFacts(references=None)
    assert status(criteria, absent, "references-given")[0] == NOT_MET
    assert "citations plugin" in status(criteria, absent, "citations-resolved")[1]


def test_review_recorded(criteria, people):
    rita = person(people, "rita-reviewer")
    assert status(
        criteria, PostFacts(review=ReviewRecord("editorial", (rita,))), "review-recorded"
    ) == (MET, "Editorial review")
    assert status(criteria, PostFacts(review=ReviewRecord("none")), "review-recorded") == (
        NOT_MET,
        "recorded as not reviewed",
    )
    assert status(criteria, PostFacts(), "review-recorded") == (NOT_MET, "no review record")


def test_sponsorship_labelled(criteria):
    assert status(criteria, PostFacts(), "sponsorship-labelled")[0] == NOT_APPLICABLE
    assert (
        status(criteria, PostFacts(sponsored=True, funding="Acme Ltd."), "sponsorship-labelled")[0]
        == MET
    )
    assert status(criteria, PostFacts(sponsored=True), "sponsorship-labelled")[0] == NOT_MET


def test_dates_and_clinical_review(criteria):
    today = dt.date(2026, 1, 1)
    every = parse_interval("24 months")
    fresh = clinical_review(dt.date(2025, 6, 1), every, dt.date(2024, 1, 1), today)
    stale = clinical_review(dt.date(2023, 6, 1), every, dt.date(2023, 1, 1), today)
    assert status(criteria, PostFacts(clinical=fresh), "dates-shown")[0] == MET
    assert status(criteria, PostFacts(clinical=ClinicalReview()), "dates-shown")[0] == NOT_MET
    assert status(criteria, PostFacts(clinical=fresh), "review-current") == (
        MET,
        "next review due 1 June 2027",
    )
    assert status(criteria, PostFacts(clinical=stale), "review-current") == (
        NOT_MET,
        "due for review since 1 June 2025",
    )
    assert status(criteria, PostFacts(), "review-current")[0] == NOT_APPLICABLE


def test_further_reading_and_audience(criteria):
    assert (
        status(
            criteria, PostFacts(further_reading=[Link("x", "https://x.example")]), "further-reading"
        )[0]
        == MET
    )
    assert status(criteria, PostFacts(), "further-reading")[0] == NOT_MET
    assert status(criteria, PostFacts(audience=["residents"]), "audience-objectives")[0] == MET
    assert (
        status(criteria, PostFacts(learning_objectives=["Do X"]), "audience-objectives")[0] == MET
    )
    assert status(criteria, PostFacts(), "audience-objectives")[0] == NOT_MET


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p><img src="a.png" alt="A chest film"></p>', MET),
        ('<p><img src="a.png" alt=""></p>', NOT_MET),
        ('<p><img src="a.png"></p>', NOT_MET),
        ('<p><img src="rule.png" role="presentation"></p>', NOT_APPLICABLE),
        (
            '<audio src="ep1.mp3" controls></audio><a href="ep1-transcript.html">Read the transcript</a>',
            MET,
        ),
        ('<audio src="ep1.mp3" controls></audio>', NOT_MET),
        ('<iframe src="https://www.youtube-nocookie.com/embed/x" title="Talk"></iframe>', NOT_MET),
        ('<iframe src="https://maps.example.org/x" title="Map"></iframe>', NOT_APPLICABLE),
        ("<p>Just text.</p>", NOT_APPLICABLE),
    ],
)
def test_accessibility_basics(criteria, html, expected):
    assert status(criteria, PostFacts(html=html), "accessibility")[0] == expected


def test_accessibility_report_counts():
    report = check_accessibility('<img src="a"><img src="b" alt="B"><video src="v.mp4"></video>')
    assert report.gaps == [
        "1 image without alt text",
        "1 audio or video item without a transcript link",
    ]


def test_attested_items_need_a_named_reviewer_of_the_right_kind(criteria, people):
    rita = person(people, "rita-reviewer")
    expert = PostFacts(review=ReviewRecord("expert-peer", (rita,)))
    editorial = PostFacts(review=ReviewRecord("editorial", (rita,)))
    assert status(criteria, expert, "accuracy")[0] == MET
    assert status(criteria, editorial, "accuracy")[0] == NOT_MET
    assert status(criteria, editorial, "fact-and-opinion")[0] == MET
    assert (
        status(criteria, PostFacts(review=ReviewRecord("expert-peer", ())), "accuracy")[0]
        == NOT_MET
    )


# --- ratings: numbers only from the minimum number of raters ---------------------------------


def _rating(people, slug, **scores):
    return Rating(person(people, slug), None, scores)


def test_ratings_below_the_minimum_are_provisional(criteria, people):
    one = summarize(
        [_rating(people, "rita-reviewer", background=3, content=2, writing=3, references=2)],
        criteria,
        3,
    )
    assert one.provisional and not one.shown
    assert one.total is None and all(i.mean is None for i in one.items)


def test_ratings_at_the_minimum_give_means_and_total(criteria, people):
    scores = [
        _rating(people, "rita-reviewer", background=3, content=2, writing=3, references=2),
        _rating(people, "sam-second", background=2, content=3, writing=3, references=3),
        _rating(people, "tom-third", background=3, content=2, writing=2, references=2),
    ]
    summary = summarize(scores, criteria, 3)
    assert summary.shown and not summary.provisional
    means = {i.criterion.id: i.mean for i in summary.items}
    assert means == {"background": 2.7, "content": 2.3, "writing": 2.7, "references": 2.3}
    assert summary.total == 10.0 and summary.maximum == 12
    # a lower threshold shows one rater's numbers; a higher one hides three raters'
    assert summarize(scores[:1], criteria, 1).total == 10.0
    assert summarize(scores, criteria, 4).total is None


def test_a_total_needs_every_item_rated_by_enough_raters(criteria, people):
    scores = [
        _rating(people, "rita-reviewer", background=3, content=2, writing=3, references=2),
        _rating(people, "sam-second", background=2, content=3, writing=3, references=3),
        _rating(people, "tom-third", background=3, content=2, writing=2),
    ]
    summary = summarize(scores, criteria, 3)
    by_id = {i.criterion.id: i for i in summary.items}
    assert by_id["references"].mean is None and by_id["references"].raters == 2
    assert by_id["writing"].mean == 2.7
    assert summary.total is None


# --- intervals and the clock -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "interval", "after"),
    [
        ("24 months", Interval(24, "month"), dt.date(2026, 1, 31)),
        ("2 years", Interval(2, "year"), dt.date(2026, 1, 31)),
        ("18 Months", Interval(18, "month"), dt.date(2025, 7, 31)),
        ("1 month", Interval(1, "month"), dt.date(2024, 2, 29)),
        ("6 weeks", Interval(6, "week"), dt.date(2024, 3, 13)),
    ],
)
def test_review_intervals(text, interval, after):
    assert parse_interval(text) == interval
    assert interval.after(dt.date(2024, 1, 31)) == after


@pytest.mark.parametrize("text", ["24", "two years", "0 months", "24 monthz", "-3 years", ""])
def test_malformed_review_intervals(text):
    with pytest.raises(ValueError):
        parse_interval(text)


def test_the_clock_is_injectable(monkeypatch):
    assert build_date("2030-02-03") == dt.date(2030, 2, 3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date(None) == dt.date(2023, 11, 14)


# --- bad input: clear messages naming the field ----------------------------------------------


def test_unknown_review_type(people):
    issues: list[Issue] = []
    assert parse_review({"type": "peer"}, people, issues) is None
    assert issues[0].path == "review.type"
    assert "unknown review type 'peer'" in issues[0].message
    assert "expert-peer" in issues[0].fix


def test_reviewer_not_in_the_registry(people):
    issues: list[Issue] = []
    review = parse_review(
        {"type": "expert-peer", "reviewers": ["rita-reviewr", "sam-second"]}, people, issues
    )
    assert [p.slug for p in review.reviewers] == ["sam-second"]
    assert issues[0].path == "review.reviewers[1]"
    assert "reviewer 'rita-reviewr' is not in the author registry" in issues[0].message
    assert "rita-reviewer" in issues[0].fix


def test_review_dates_and_fields_are_checked(people):
    issues: list[Issue] = []
    review = parse_review(
        {"type": "editorial", "date": "10/07/2017", "reviewr": "x"}, people, issues
    )
    assert review.date is None
    assert {i.path for i in issues} == {"review.date", "review.reviewr"}
    assert any("did you mean 'reviewers'?" in i.fix for i in issues)


def test_rater_not_in_the_registry(criteria, people):
    issues: list[Issue] = []
    ratings = parse_ratings(
        [{"rater": "nobody", "scores": {"writing": 2}}], criteria, people, issues
    )
    assert ratings == []
    assert issues[0].path == "ratings[1].rater"
    assert "rater 'nobody' is not in the author registry" in issues[0].message


def test_score_out_of_range_and_unknown_item(criteria, people):
    issues: list[Issue] = []
    ratings = parse_ratings(
        [
            {
                "rater": "rita-reviewer",
                "date": "2024-01-02",
                "scores": {"writing": 4, "clarity": 2, "background": 2},
            }
        ],
        criteria,
        people,
        issues,
    )
    assert ratings[0].scores == {"background": 2}
    assert ratings[0].date == dt.date(2024, 1, 2)
    messages = {i.path: i.message for i in issues}
    assert messages["ratings[1].scores.writing"] == "score 4 is not a whole number from 0 to 3"
    assert messages["ratings[1].scores.clarity"] == "unknown rating item 'clarity'"


@pytest.mark.parametrize("score", [-1, 2.5, "3", True])
def test_scores_must_be_whole_numbers_on_the_scale(criteria, people, score):
    issues: list[Issue] = []
    parse_ratings(
        [{"rater": "rita-reviewer", "scores": {"content": score}}], criteria, people, issues
    )
    assert [i.path for i in issues] == ["ratings[1].scores.content"]


def test_one_rating_per_rater(criteria, people):
    issues: list[Issue] = []
    entry = {"rater": "rita-reviewer", "scores": {"content": 1}}
    later = {"rater": "Rita Reviewer", "scores": {"content": 3}}
    ratings = parse_ratings([entry, later], criteria, people, issues)
    assert [r.scores for r in ratings] == [{"content": 3}]
    assert "already rated" in issues[0].message


def test_ratings_must_be_a_list_of_mappings(criteria, people):
    issues: list[Issue] = []
    assert parse_ratings({"rater": "x"}, criteria, people, issues) == []
    assert parse_ratings(["rita-reviewer"], criteria, people, issues) == []
    assert [i.path for i in issues] == ["ratings", "ratings[1]"]


def test_further_reading_links():
    issues: list[Issue] = []
    links = parse_links(
        [
            "doi:10.5811/WESTJEM.2016.6.30825",
            "pmid:26275428",
            "https://example.org/a",
            "A book",
            {"title": "Guide", "url": "https://g.example"},
            "doi:nonsense",
        ],
        issues,
    )
    assert [(link.text, link.url) for link in links] == [
        ("doi:10.5811/westjem.2016.6.30825", "https://doi.org/10.5811/westjem.2016.6.30825"),
        ("PubMed 26275428", "https://pubmed.ncbi.nlm.nih.gov/26275428/"),
        ("https://example.org/a", "https://example.org/a"),
        ("A book", None),
        ("Guide", "https://g.example"),
    ]
    assert [i.path for i in issues] == ["further_reading[6]"]


def test_without_a_registry_names_are_taken_as_written():
    people = People(None)
    issues: list[Issue] = []
    review = parse_review({"type": "editorial", "reviewers": ["Someone Else"]}, people, issues)
    assert (
        issues == []
        and review.reviewers[0].name == "Someone Else"
        and review.reviewers[0].url is None
    )
