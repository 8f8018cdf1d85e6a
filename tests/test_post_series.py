"""Series: the banner, the list of parts with the current one marked, previous/next part,
series pages and index, forthcoming parts from the series file, JSON-LD, and bad input."""

from __future__ import annotations

import json

from post_fixture import post_site, soup

SERIES_FILE = """social-media:
  name: Social media in academic medicine
  description: Three posts for sceptical faculty.
  parts: 3
  forthcoming:
    - {part: 3, title: Measuring your reach, expected: autumn 2025}
"""


def part(title, date, number, style="mapping"):
    if style == "mapping":
        line = f"series: {{name: Social media in academic medicine, part: {number}}}"
    else:
        line = f"series: Social media in academic medicine\nseries_part: {number}"
    return f"---\ntitle: {title}\ndate: {date}\nauthors: [ada-fixture]\n{line}\n---\nText.\n"


POSTS = {
    "posts/one.md": part("Why bother", "2025-01-01", 1),
    "posts/two.md": part("Getting started", "2025-02-01", 2, style="flat"),
}


def test_parts_show_banner_list_and_neighbours(tmp_path):
    build = post_site(tmp_path, POSTS)
    page = soup(build, "posts/2025/two/index.html")
    banner = page.select_one("header .series-banner")
    assert " ".join(banner.get_text(" ").split()) == (
        "Part 2 of 2 in Social media in academic medicine"
    )
    assert banner.cite is not None
    assert banner.a["href"].endswith("series/social-media-in-academic-medicine/")
    nav = page.select_one("nav.series-parts")
    items = nav.select("ol.series-list > li")
    assert [li.a.get_text() for li in items] == ["Why bother", "Getting started"]
    current = nav.select('a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Getting started"]
    assert nav.select_one('a[rel="prev"]')["href"].endswith("posts/2025/one/")
    assert nav.select_one('a[rel="next"]') is None
    first = soup(build, "posts/2025/one/index.html")
    assert "Part 1 of 2" in first.select_one(".series-banner").get_text()
    assert first.select_one('nav.series-parts a[rel="next"]')["href"].endswith("posts/2025/two/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    blog, series = data["isPartOf"]
    assert blog["@type"] == "Blog"
    assert series["@type"] == "CreativeWorkSeries"
    assert series["name"] == "Social media in academic medicine"
    assert data["position"] == 2


def test_series_file_plans_parts_and_announces_forthcoming_ones(tmp_path):
    build = post_site(tmp_path, {**POSTS, "series.yml": SERIES_FILE})
    page = soup(build, "posts/2025/two/index.html")
    assert "Part 2 of 3 in" in page.select_one(".series-banner").get_text()
    items = page.select("nav.series-parts ol.series-list > li")
    assert len(items) == 3
    assert "Forthcoming · autumn 2025" in items[2].get_text()
    assert items[2].a is None
    assert (
        "Next part (forthcoming): Measuring your reach"
        in page.select_one(".series-parts__next").get_text()
    )
    series_page = soup(build, "series/social-media/index.html")
    assert series_page.h1.get_text() == "Social media in academic medicine"
    assert "Three posts for sceptical faculty." in series_page.get_text()
    assert "2 of 3 parts published." in series_page.get_text()
    index = soup(build, "series/index.html")
    assert [a.get_text() for a in index.select(".series-index__list a")] == [
        "Social media in academic medicine"
    ]


def test_forthcoming_parts_are_listed_only_when_the_editor_says_so(tmp_path):
    quiet = SERIES_FILE.split("  forthcoming:")[0]
    build = post_site(tmp_path, {**POSTS, "series.yml": quiet})
    items = soup(build, "posts/2025/two/index.html").select("nav.series-parts ol > li")
    assert len(items) == 2
    assert (
        "Part 2 of 3"
        in soup(build, "posts/2025/two/index.html").select_one(".series-banner").get_text()
    )


def test_unknown_series_and_duplicate_parts_are_reported(tmp_path):
    posts = {
        **POSTS,
        "series.yml": SERIES_FILE,
        "posts/typo.md": part("Typo", "2025-03-01", 3).replace(
            "Social media in academic medicine", "Social media in academic medecine"
        ),
        "posts/dupe.md": part("Duplicate", "2025-04-01", 2),
    }
    build = post_site(tmp_path, posts)
    messages = build.messages()
    assert any(
        "typo.md:5: series: 'Social media in academic medecine' is not a series in series.yml" in m
        and "did you mean 'Social media in academic medicine'?" in m
        for m in messages
    ), messages
    assert any(
        "dupe.md:5: series: part 2 of 'Social media in academic medicine' is already another post"
        in m
        for m in messages
    ), messages
    typo = soup(build, "posts/2025/typo/index.html")
    assert typo.select_one(".series-banner") is None
    dupe = soup(build, "posts/2025/dupe/index.html")
    assert dupe.select_one(".series-banner") is not None
