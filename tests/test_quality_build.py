"""Quality checklist in real builds: card, disclosures, review record, ratings, criteria page,
site quality page, author reviews, JSON-LD, enforcement and bad-input messages."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from conftest import FIXTURE_SITE, ROOT, SUBPATH_SITEURL, build_site, write_posts
from meded_core import ContentProblemsError
from pelican.settings import read_settings
import pytest
from quality.criteria import load_criteria


def soup_of(build, relative):
    return BeautifulSoup(build.page(relative), "html.parser")


def jsonld(soup):
    return json.loads(soup.find("script", type="application/ld+json").string)


# --- the fixture blog ------------------------------------------------------------------------------


def test_every_post_shows_a_checklist_linked_to_the_criteria(fixture_site):
    posts = sorted((fixture_site.output / "posts").glob("*/*/index.html"))
    assert len(posts) == len(list((FIXTURE_SITE / "posts").glob("*.md")))
    checklist = load_criteria().checklist
    for path in posts:
        soup = BeautifulSoup(path.read_text(), "html.parser")
        card = soup.select_one("section.quality-card")
        assert card is not None, path
        assert card.h2.get_text() == "Transparency checklist"
        items = card.select("li.quality-item")
        assert len(items) == len(checklist)
        for item, criterion in zip(items, checklist, strict=True):
            link = item.a["href"]
            assert link == f"{SUBPATH_SITEURL}/quality-criteria/#{criterion.anchor_id}"
            assert item.get_text(" ", strip=True).split(":")[0].strip(" \u2713\u2717\u2013") in {
                "Met",
                "Not met",
                "Not applicable",
            }
        text = card.get_text(" ")
        assert (
            "rMETRIQ" not in text and "AIR" not in text
        )  # never relabelled as an instrument score


def test_full_review_record_and_aggregated_ratings(fixture_site):
    soup = soup_of(fixture_site, "posts/2024/appraising-foam/index.html")
    record = soup.select_one("section.review-record")
    text = " ".join(record.get_text(" ").split())
    assert (
        "Expert peer review" in text
        and "20 September 2024" in text
        and "reliability caveat" in text
    )
    links = {a.get_text(): a["href"] for a in record.select("dd a")}
    assert links["Samuel Adeyemi, MD, FRCPC"] == f"{SUBPATH_SITEURL}/authors/samuel-adeyemi/"
    assert (fixture_site.output / "authors/samuel-adeyemi/index.html").exists()
    table = soup.select_one("table.quality-ratings")
    assert "Mean of 3 reviewers" in table.caption.get_text()
    rows = {
        tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in table.select("tbody tr")
    }
    assert rows == {
        "Background and context": "2.7",
        "Right amount of content": "2.3",
        "Writing and formatting": "2.7",
        "References support the claims": "2.3",
    }
    assert table.tfoot.td.get_text() == "10.0 of 12"
    assert soup.select_one(".quality-provisional") is None


def test_a_single_rating_is_provisional_without_numbers(fixture_site):
    soup = soup_of(fixture_site, "posts/2025/peer-review-for-blogs/index.html")
    provisional = soup.select_one(".quality-provisional")
    assert (
        "Provisional" in provisional.get_text() and "rated by 1 reviewer;" in provisional.get_text()
    )
    assert soup.select_one("table.quality-ratings") is None


def test_disclosures_sit_next_to_the_byline(fixture_site):
    soup = soup_of(fixture_site, "posts/2024/appraising-foam/index.html")
    header = soup.select_one("header.post-header")
    coi = header.select_one(".disclosures__coi").get_text(" ")
    # no post statement: each author's registry disclosure is the default
    assert "Teresa Halvorsen, PhD: Receives royalties" in " ".join(coi.split())
    assert "Daniel Reyes, MD, MHPE: Receives an honorarium" in " ".join(coi.split())
    own = soup_of(fixture_site, "posts/2025/podcasts-on-shift/index.html").select_one(
        ".disclosures__coi"
    )
    assert "honorarium from the sponsor" in own.get_text()


def test_sponsored_post_is_labelled(fixture_site):
    sponsored = soup_of(fixture_site, "posts/2025/podcasts-on-shift/index.html")
    label = sponsored.select_one("header .sponsored-label")
    assert label and "Sponsored" in label.get_text()
    assert "Pocketwise Learning" in sponsored.select_one(".disclosures__funding").get_text()
    assert (
        soup_of(fixture_site, "posts/2024/appraising-foam/index.html").select_one(
            ".sponsored-label"
        )
        is None
    )


def test_jsonld_reviewed_by_and_reviewers_are_not_citation_authors(fixture_site):
    soup = soup_of(fixture_site, "posts/2024/appraising-foam/index.html")
    data = jsonld(soup)
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    page = next(b for b in blocks if "WebPage" in b["@type"])  # reviews belong to the page
    assert "reviewedBy" not in data and "lastReviewed" not in data
    assert page["lastReviewed"] == "2025-10-01"
    assert [p["name"] for p in page["reviewedBy"]] == ["Samuel Adeyemi", "Priya Natarajan"]
    assert page["reviewedBy"][0]["url"] == f"{SUBPATH_SITEURL}/authors/samuel-adeyemi/"
    cited = " ".join(m["content"] for m in soup.find_all("meta", attrs={"name": "citation_author"}))
    assert "Adeyemi" not in cited and "Natarajan" not in cited
    authors_in_jsonld = json.dumps(data.get("author", []))
    assert "Adeyemi" not in authors_in_jsonld


def test_criteria_page_explains_every_item_with_its_source(fixture_site):
    soup = soup_of(fixture_site, "quality-criteria/index.html")
    for criterion in load_criteria().items:
        section = soup.find(id=criterion.anchor_id)
        assert section is not None, criterion.id
        assert criterion.wording in section.get_text()
        sources = section.select_one(".criterion__sources")
        for source in criterion.sources:
            assert source.instrument.name in sources.get_text()
            if source.instrument.doi:
                assert sources.find("a", href=f"https://doi.org/{source.instrument.doi}")
    text = " ".join(soup.get_text(" ").split())
    assert "only fairly reliable" in text  # the reliability caveat
    assert "is not an rMETRIQ or AIR score" in text
    assert soup.select(".criterion__anchors dt")  # rated items show their anchors


def test_site_quality_page_lists_every_post_in_a_sortable_table(fixture_site):
    soup = soup_of(fixture_site, "quality/index.html")
    table = soup.select_one("table.quality-table[data-sortable]")
    headers = [th.get_text(strip=True) for th in table.thead.select("th")]
    assert headers == [
        "Post",
        "Published",
        "Checklist",
        "Required items missing",
        "Review",
        "Ratings",
        "Clinical review due",
    ]
    assert all(th.has_attr("data-sort") for th in table.thead.select("th"))
    rows = table.tbody.select("tr")
    assert len(rows) == len(list((FIXTURE_SITE / "posts").glob("*.md")))
    by_title = {r.td.get_text(strip=True): r for r in rows}
    foam = next(r for t, r in by_title.items() if t.startswith("Appraising FOAM"))
    cells = [td.get_text(" ", strip=True) for td in foam.select("td")]
    assert cells[5] == "10.0 of 12 (3 raters)"
    assert cells[6] == "1 Oct 2027"
    assert foam.select("td")[6]["data-sort-value"] == "2027-10-01"
    script = soup.find("script", src=True)
    assert script["src"] == f"{SUBPATH_SITEURL}/theme/js/table-sort.js"
    assert (fixture_site.output / "theme/js/table-sort.js").exists()


def test_author_pages_list_their_reviews(fixture_site):
    soup = soup_of(fixture_site, "authors/samuel-adeyemi/index.html")
    reviews = soup.select_one("section.author-reviews")
    text = " ".join(reviews.get_text(" ").split())
    assert "Appraising FOAM" in text and "Expert peer review and Rating" in text
    assert "Peer review for blog posts" in text
    # an author who reviewed nothing has no reviews section
    assert (
        soup_of(fixture_site, "authors/daniel-reyes/index.html").select_one(
            "section.author-reviews"
        )
        is None
    )


# --- tiny sites: enforcement, clock, bad input ----------------------------------------------------

GOOD = """---
title: Good post
date: 2024-01-10
authors: [maya-okafor]
disclosures: None declared.
audience: [residents]
review:
  type: expert-peer
  reviewers: [samuel-adeyemi]
  date: 2024-01-05
last_reviewed: 2024-01-10
review_every: 24 months
---
Body with an image ![A resident reading](data:image/gif;base64,R0lGODlhAQABAAAAACw=).
"""

NO_COI = """---
title: Quiet post
date: 2024-02-01
---
Body.
"""


def _tiny(tmp_path, posts, **settings):
    content = write_posts(tmp_path / "content", posts)
    return build_site(tmp_path / "out", content=content, **settings)


def test_missing_required_items_are_one_line_per_post_and_item(tmp_path):
    build = _tiny(
        tmp_path,
        {"posts/good.md": GOOD, "posts/quiet.md": NO_COI},
        QUALITY_REQUIRED=["named-authors", "conflicts-of-interest"],
        QUALITY_TODAY="2024-06-01",
    )
    lines = [m for m in build.messages() if "quiet.md" in m]
    assert any(
        line.endswith(
            "posts/quiet.md: missing conflict-of-interest statement: no statement, and no authors to take one from "
            "(add disclosures: None declared. to the front matter, or the actual conflicts; "
            "or give each author a disclosures entry in content/authors.yml)"
        )
        for line in lines
    ), lines
    assert any(
        "posts/quiet.md: missing named author: no author is named (add authors:" in line
        for line in lines
    )
    assert not [m for m in build.messages() if "good.md" in m]
    assert (build.output / "posts/2024/quiet/index.html").exists()  # default builds warn and go on


def test_strict_build_fails_on_missing_required_items(tmp_path):
    with pytest.raises(ContentProblemsError) as failure:
        _tiny(
            tmp_path,
            {"posts/quiet.md": NO_COI},
            STRICT=True,
            QUALITY_REQUIRED=["conflicts-of-interest"],
        )
    assert "quiet.md: missing conflict-of-interest statement" in str(failure.value)


def test_a_post_meeting_its_required_items_passes_a_strict_build(tmp_path):
    build = _tiny(
        tmp_path,
        {"posts/good.md": GOOD},
        STRICT=True,
        QUALITY_REQUIRED=["named-authors", "conflicts-of-interest", "accessibility"],
        QUALITY_TODAY="2024-06-01",
    )
    soup = soup_of(build, "posts/2024/good/index.html")
    status = {li["data-criterion"]: li["class"][1] for li in soup.select("li.quality-item")}
    assert status["accessibility"] == "quality-item--met"
    assert status["accuracy"] == "quality-item--met"


def test_drafts_are_shown_but_not_enforced(tmp_path):
    draft = NO_COI.replace("date: 2024-02-01", "date: 2024-02-01\nstatus: draft")
    build = _tiny(
        tmp_path, {"posts/quiet.md": draft}, STRICT=True, QUALITY_REQUIRED=["conflicts-of-interest"]
    )
    assert soup_of(build, "drafts/quiet/index.html").select_one("section.quality-card")


def test_unknown_required_item_in_the_settings_is_reported(tmp_path):
    build = _tiny(tmp_path, {"posts/good.md": GOOD}, QUALITY_REQUIRED=["conflicts-of-intrest"])
    assert any(
        "pelican.conf.py: QUALITY_REQUIRED: unknown checklist item 'conflicts-of-intrest'" in m
        for m in build.messages()
    )


def test_due_for_review_follows_the_injected_clock(tmp_path):
    before = _tiny(
        tmp_path / "a", {"posts/good.md": GOOD}, QUALITY_TODAY="2025-12-31", QUALITY_REQUIRED=[]
    )
    assert not [m for m in before.messages() if "due for clinical review" in m]
    review = (
        soup_of(before, "posts/2024/good/index.html")
        .select_one(".disclosures__review")
        .get_text(" ")
    )
    assert "Next review due" in review and "10 January 2026" in review

    after = _tiny(
        tmp_path / "b", {"posts/good.md": GOOD}, QUALITY_TODAY="2026-01-10", QUALITY_REQUIRED=[]
    )
    warnings = [m for m in after.messages() if "due for clinical review" in m]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        "posts/good.md: due for clinical review since 2026-01-10 (last reviewed 2024-01-10; review_every: 24 months)"
    )
    soup = soup_of(after, "posts/2024/good/index.html")
    assert "Due for review" in soup.select_one(".disclosures__review").get_text()
    site = soup_of(after, "quality/index.html")
    assert "Due for review" in site.select_one("table.quality-table tbody").get_text()


def test_min_raters_setting_controls_aggregation(tmp_path):
    rated = GOOD.replace(
        "last_reviewed:",
        "ratings:\n  - rater: daniel-reyes\n    scores: {background: 3, content: 2, writing: 1, references: 0}\nlast_reviewed:",
    )
    one = _tiny(tmp_path / "a", {"posts/good.md": rated}, QUALITY_MIN_RATERS=1, QUALITY_REQUIRED=[])
    assert (
        soup_of(one, "posts/2024/good/index.html")
        .select_one("table.quality-ratings tfoot")
        .get_text(" ", strip=True)
        == "Total 6.0 of 12"
    )
    default = _tiny(tmp_path / "b", {"posts/good.md": rated}, QUALITY_REQUIRED=[])
    assert (
        "rated by 1 reviewer"
        in soup_of(default, "posts/2024/good/index.html")
        .select_one(".quality-provisional")
        .get_text()
    )


BAD = """---
title: Bad quality fields
date: 2024-03-01
authors: [maya-okafor]
disclosures: None declared.
review:
  type: peer
  reviewers: [samuel-adeyemy]
ratings:
  - rater: samuel-adeyemi
    scores: {writing: 4, clarity: 2}
  - rater: nobody-at-all
    scores: {writing: 2}
  - rater: maya-okafor
    scores: {writing: 2}
last_reviewed: last spring
review_every: every two years
further_reading: [doi:not-a-doi]
sponsored: maybe
---
Body.
"""


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quality-bad")
    return _tiny(folder, {"posts/bad.md": BAD}, QUALITY_REQUIRED=[])


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (
            "bad.md:6: review.type:",
            "unknown review type 'peer' (use one of none, editorial, expert-peer, post-publication)",
        ),
        ("bad.md:9: ratings[1].scores.writing:", "score 4 is not a whole number from 0 to 3"),
        ("bad.md:9: ratings[1].scores.clarity:", "unknown rating item 'clarity'"),
        ("bad.md:9: ratings[2].rater:", "rater 'nobody-at-all' is not in the author registry"),
        (
            "bad.md:9: ratings[3].rater:",
            "Maya Okafor, MD, MEd is an author of this post; self-ratings are not counted",
        ),
        ("bad.md:16: last_reviewed:", "cannot read the date 'last spring'"),
        ("bad.md:17: review_every:", "cannot read 'every two years' as a review interval"),
        ("bad.md:18: further_reading[1]:", "'doi:not-a-doi' is not a DOI"),
        ("bad.md:19: sponsored:", "expected true or false"),
    ],
)
def test_bad_input_names_file_line_and_field(bad_build, where, expected):
    matching = [m for m in bad_build.messages() if where in m]
    assert matching, f"nothing for {where}: {bad_build.messages()}"
    assert any(expected in m for m in matching), matching


def test_unknown_reviewer_is_reported_once_the_review_type_is_valid(tmp_path):
    post = BAD.replace("type: peer", "type: expert-peer")
    build = _tiny(tmp_path, {"posts/bad.md": post}, QUALITY_REQUIRED=[])
    line = next(m for m in build.messages() if "review.reviewers[1]" in m)
    assert (
        "bad.md:6: review.reviewers[1]: reviewer 'samuel-adeyemy' is not in the author registry"
        in line
    )
    assert "did you mean 'samuel-adeyemi'" in line


def test_bad_input_never_stops_the_build(bad_build):
    soup = soup_of(bad_build, "posts/2024/bad/index.html")
    assert soup.select_one("section.quality-card")
    assert "No review is recorded" in soup.select_one("section.review-record").get_text()
    assert not any("Traceback" in m for m in bad_build.messages(0))


def test_an_author_cannot_review_their_own_post(tmp_path):
    post = GOOD.replace("reviewers: [samuel-adeyemi]", "reviewers: [maya-okafor]")
    build = _tiny(tmp_path, {"posts/good.md": post}, QUALITY_REQUIRED=[])
    assert any(
        "review.reviewers[1]: Maya Okafor, MD, MEd is an author of this post and cannot review it"
        in m
        for m in build.messages()
    )
    status = {
        li["data-criterion"]: li["class"][1]
        for li in soup_of(build, "posts/2024/good/index.html").select("li.quality-item")
    }
    assert status["contributors-acknowledged"] == "quality-item--not-met"


def test_reference_items_without_the_citations_plugin_are_one_configuration_problem(tmp_path):
    configured = read_settings(str(ROOT / "pelican.conf.py"))["PLUGINS"]
    without_citations = [p for p in configured if p != "citations"]
    build = _tiny(
        tmp_path,
        {"posts/good.md": GOOD, "posts/other.md": GOOD.replace("Good post", "Other post")},
        PLUGINS=without_citations,
        QUALITY_TODAY="2024-06-01",
    )
    lines = [m for m in build.messages() if "cannot be checked" in m or "missing references" in m]
    assert lines == [
        "pelican.conf.py: QUALITY_REQUIRED: references-given, citations-resolved cannot be checked: "
        "the citations plugin is not enabled (add 'citations' to PLUGINS before 'quality', "
        "or remove these items from QUALITY_REQUIRED)"
    ]
    card = soup_of(build, "posts/2024/good/index.html").select_one(
        'li[data-criterion="references-given"]'
    )
    assert "quality-item--not-met" in card["class"]


def test_registry_changes_reach_cached_posts(tmp_path):
    """Pelican caches reader output; disclosures from authors.yml must still be current."""
    post = NO_COI.replace("date: 2024-02-01", "date: 2024-02-01\nauthors: [samuel-adeyemi]")
    content = write_posts(tmp_path / "content", {"posts/quiet.md": post})
    first = build_site(tmp_path / "out", content=content, QUALITY_REQUIRED=[])
    coi = (
        soup_of(first, "posts/2024/quiet/index.html").select_one(".disclosures__coi").get_text(" ")
    )
    assert "Samuel Adeyemi, MD, FRCPC: None declared." in " ".join(coi.split())
    registry = content / "authors.yml"
    text = registry.read_text()
    registry.write_text(
        text.replace(
            "  orcid: 0000-0000-0000-7641\n  disclosures: None declared.",
            "  orcid: 0000-0000-0000-7641\n  disclosures: Consults for a simulation company.",
        )
    )
    assert registry.read_text() != text
    second = build_site(tmp_path / "out", content=content, QUALITY_REQUIRED=[])
    coi = (
        soup_of(second, "posts/2024/quiet/index.html").select_one(".disclosures__coi").get_text(" ")
    )
    assert "Consults for a simulation company." in coi


def test_a_long_author_listing_shows_reviews_on_its_first_page_only(tmp_path):
    """Reviews (and commentaries, impact) grow with the blog: page 2 of an author's posts
    links to the first page instead of repeating them."""
    posts = {
        f"posts/p{n:02d}.md": f"---\ntitle: Post {n}\ndate: 2024-01-{n + 1:02d}\n"
        "authors: [samuel-adeyemi]\n---\nBody.\n"
        for n in range(12)
    }
    posts["posts/good.md"] = GOOD
    build = build_site(tmp_path / "out", content=write_posts(tmp_path / "content", posts))
    first = soup_of(build, "authors/samuel-adeyemi/index.html")
    assert "Good post" in first.select_one("section.author-reviews").get_text()
    second = soup_of(build, "authors/samuel-adeyemi/page/2/index.html")
    assert "Post 0" in second.get_text()  # the oldest of the twelve is listed there
    assert second.select_one("section.author-reviews") is None
    link = second.select_one("p.author-more a")
    assert link is not None and link["href"].rstrip("/").endswith("authors/samuel-adeyemi")
