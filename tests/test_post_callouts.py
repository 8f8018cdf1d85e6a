"""Callouts: pearls, pitfalls, key points, bottom line and expert commentary credited to a
registry person (linked on the post, listed on their author page), with clear problems."""

from __future__ import annotations

from pathlib import Path

from conftest import build_site
import feedparser
from meded_core import ContentProblemsError
from post_fixture import front, post_site, soup
import pytest

AIRWAY = (Path(__file__).parent / "fixtures" / "callouts" / "airway.md").read_text()


def test_each_callout_is_an_aside_named_by_its_visible_title(tmp_path):
    build = post_site(tmp_path, {"posts/airway.md": AIRWAY})
    page = soup(build, "posts/2025/airway/index.html")
    boxes = page.select(".post-content aside.callout, article aside.callout")
    titles = []
    for box in boxes:
        title = page.find(id=box["aria-labelledby"])
        assert title is not None and title in box.descendants
        titles.append(" ".join(title.get_text(" ").split()))
    assert titles == [
        "Pearls: First-pass success",
        "Pitfalls",
        "Key points",
        "Clinical bottom line",
        "Expert commentary: Ben Sample, RN",
    ]
    assert [b["class"][-1] for b in boxes][:2] == ["callout--pearls", "callout--pitfalls"]
    assert boxes[0].strong.get_text() == "ear to sternal notch"
    assert "shown as code, not a box" in page.select_one("pre").get_text()


def test_commentary_links_to_the_person_and_is_credited_on_their_page(tmp_path):
    build = post_site(
        tmp_path, {"posts/airway.md": AIRWAY, "posts/plain.md": front("Plain", "2025-01-01")}
    )
    page = soup(build, "posts/2025/airway/index.html")
    link = page.select_one(".callout--commentary a.callout__person")
    assert link.get_text() == "Ben Sample, RN"
    assert link["href"] == "../../../authors/ben-sample/"
    author = soup(build, "authors/ben-sample/index.html")
    section = author.select_one("section.author-commentaries")
    assert section.h2.get_text() == "Commentaries"
    assert [a.get_text() for a in section.select("li a")] == ["Airway pearls"]
    assert section.a["href"].endswith("posts/2025/airway/")
    ada = soup(build, "authors/ada-fixture/index.html")
    assert ada.select_one("section.author-commentaries") is None
    entry = feedparser.parse(build.page("feeds/all.atom.xml")).entries
    html = next(e for e in entry if e.title == "Airway pearls").content[0].value
    assert 'href="http://127.0.0.1:8000/authors/ben-sample/"' in html


def test_mistakes_name_the_line_and_the_fix(tmp_path):
    bad = front(
        "Bad boxes",
        "2025-01-01",
        body="Text.\n\n!!! perl\n    Typo.\n\n!!! commentary ben-sampel\n    Who?\n\n!!! commentary\n    Nobody.\n",
    )
    build = post_site(tmp_path, {"posts/bad.md": bad})
    messages = build.messages()
    assert any(
        "bad.md:9: unknown callout 'perl'; it is shown as a note (did you mean 'pearl'?" in m
        for m in messages
    ), messages
    assert any(
        "bad.md:12: the expert commentary names 'ben-sampel', who is not in the author registry"
        in m
        and "did you mean ben-sample (Ben Sample)?" in m
        for m in messages
    ), messages
    assert any("bad.md:15: expert commentary names no one" in m for m in messages), messages
    page = soup(build, "posts/2025/bad/index.html")
    assert [b["class"][-1] for b in page.select("aside.callout")] == [
        "callout--note",
        "callout--commentary",
        "callout--commentary",
    ]
    assert page.select_one(".callout__person").get_text() == "ben-sampel"
    with pytest.raises(ContentProblemsError) as failure:
        post_site(tmp_path / "strict", {"posts/bad.md": bad}, STRICT=True)
    assert "ben-sampel" in str(failure.value)


def test_registry_edit_updates_the_credit_on_a_cached_rebuild(tmp_path):
    build = post_site(tmp_path, {"posts/airway.md": AIRWAY})
    registry = tmp_path / "content" / "authors.yml"
    registry.write_text(registry.read_text().replace("degrees: RN", "degrees: RN, MSc"))
    build = build_site(tmp_path / "output", content=tmp_path / "content", QUALITY_REQUIRED=[])
    page = soup(build, "posts/2025/airway/index.html")
    assert page.select_one("a.callout__person").get_text() == "Ben Sample, RN, MSc"


def test_quarto_callouts_become_the_same_boxes(tmp_path):
    body = (
        "Intro.\n\n"
        "::: {.callout-tip}\n## Airway tip\nUse a *bougie*.\n:::\n\n"
        '::: {.callout-warning title="Watch out"}\nDo not skip pre-oxygenation.\n\n'
        "::: {.column-margin}\nA margin note.\n:::\n:::\n\n"
        "!!! perl\n    Typo after the Quarto boxes.\n"
    )
    build = post_site(tmp_path, {"posts/quarto.md": front("Quarto", "2025-01-01", body=body)})
    page = soup(build, "posts/2025/quarto/index.html")
    boxes = page.select("aside.callout")
    assert [" ".join(b.select_one(".callout__title").get_text(" ").split()) for b in boxes] == [
        "Pearls: Airway tip",
        "Pitfalls: Watch out",
        "Note",
    ]
    assert boxes[0].em.get_text() == "bougie"
    assert "A margin note." in boxes[1].get_text()
    assert page.find(string=lambda s: ":::" in s) is None
    messages = build.messages()
    assert any("quarto.md:22: unknown callout 'perl'" in m for m in messages), messages
