"""Corrections and updates log: notice near the title, log at the end, modified dates in the
head, JSON-LD and feed, the site corrections page, and clear problems for bad entries."""

from __future__ import annotations

import json

import feedparser
from meded_core import ContentProblemsError
from post_fixture import front, post_site, soup
import pytest

CORRECTED = front(
    "Ketamine dosing",
    "2025-04-01",
    """updates:
  - date: 2025-05-03
    type: correction
    text: The paediatric dose was corrected to 1 mg/kg.
  - date: 2025-06-10
    type: update
    text: Added the 2025 guideline.""",
)


def test_correction_is_shown_near_the_title_and_logged_at_the_end(tmp_path):
    build = post_site(tmp_path, {"posts/ketamine.md": CORRECTED})
    page = soup(build, "posts/2025/ketamine/index.html")
    notice = page.select_one("header.post-header section.correction-notice")
    assert notice is not None
    assert notice["aria-labelledby"] == "correction-notice-title"
    text = " ".join(notice.get_text(" ").split())
    assert "Corrected 3 May 2025 : The paediatric dose was corrected to 1 mg/kg." in text
    assert "Added the 2025 guideline" not in text  # updates are only in the log
    log = page.select("#updates-log li")
    assert [li["class"][-1] for li in log] == [
        "updates-log__entry--update",
        "updates-log__entry--correction",
    ]
    assert page.select_one('#updates-log a[href$="corrections/"]') is not None


def test_newest_change_becomes_the_modified_date_everywhere(tmp_path):
    build = post_site(tmp_path, {"posts/ketamine.md": CORRECTED})
    page = soup(build, "posts/2025/ketamine/index.html")
    assert page.find("meta", property="article:modified_time")["content"].startswith("2025-06-10")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["dateModified"].startswith("2025-06-10")
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The paediatric dose was corrected to 1 mg/kg.",
            "datePublished": "2025-05-03",
        }
    ]
    feed = feedparser.parse(build.page("feeds/all.atom.xml"))
    entry = feed.entries[0]
    assert entry.updated.startswith("2025-06-10")
    assert entry.published.startswith("2025-04-01")


def test_corrections_page_lists_every_entry_newest_first(tmp_path):
    build = post_site(
        tmp_path,
        {
            "posts/ketamine.md": CORRECTED,
            "posts/plain.md": front("Plain", "2025-01-01"),
            "posts/retracted.md": front(
                "Withdrawn advice",
                "2024-01-01",
                "updates: [{date: 2025-07-01, type: retraction-notice, text: Do not use this protocol.}]",
            ),
        },
    )
    page = soup(build, "corrections/index.html")
    items = page.select("li.corrections-list__item")
    assert [" ".join(i.p.get_text(" ").split()) for i in items] == [
        "Retraction notice 1 July 2025 : Withdrawn advice",
        "Updated 10 June 2025 : Ketamine dosing",
        "Corrected 3 May 2025 : Ketamine dosing",
    ]
    link = items[2].a["href"]
    assert link.endswith("posts/2025/ketamine/#update-2025-05-03-correction")
    retracted = soup(build, "posts/2024/retracted/index.html")
    assert retracted.select_one(".correction-notice h2").get_text() == "Retraction notice"
    assert soup(build, "posts/2025/plain/index.html").select_one(".correction-notice") is None


def test_bad_entries_are_reported_with_file_line_and_fix(tmp_path):
    bad = front(
        "Bad log",
        "2025-01-01",
        """updates:
  - type: correction
    text: No date here.
  - date: 2025-02-01
    type: erratum
    text: Wrong type.
  - date: 2025-02-02
    type: update
    text: This one is fine.""",
    )
    build = post_site(tmp_path, {"posts/bad.md": bad})
    messages = build.messages()
    assert any(
        "bad.md:5: updates[1].date: the entry has no date; it is not shown (add date: YYYY-MM-DD"
        in m
        for m in messages
    ), messages
    assert any(
        "bad.md:5: updates[2].type: unknown type 'erratum'" in m and "correction, update" in m
        for m in messages
    ), messages
    page = soup(build, "posts/2025/bad/index.html")
    assert len(page.select("#updates-log li")) == 1
    with pytest.raises(ContentProblemsError) as failure:
        post_site(tmp_path / "strict", {"posts/bad.md": bad}, STRICT=True)
    assert "erratum" in str(failure.value)


def test_feed_entry_carries_the_log(tmp_path):
    build = post_site(tmp_path, {"posts/ketamine.md": CORRECTED})
    entry = feedparser.parse(build.page("feeds/all.atom.xml")).entries[0]
    html = entry.content[0].value
    assert "<h2>Corrections and updates</h2>" in html
    assert "<strong>Corrected 3 May 2025:</strong> The paediatric dose was corrected" in html
