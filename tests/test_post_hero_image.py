"""Hero images (alt text required, caption and credit in a figure, og:image, JSON-LD) and the
generated social card for posts without a raster image (PNG 1200x630, cached by inputs)."""

from __future__ import annotations

import json
import logging

from PIL import Image
from post_fixture import front, post_site, soup

HERO = """image:
  src: images/hero.png
  alt: A green rectangle standing in for a photograph.
  caption: The fixture's hero image.
  credit: Drawn for the tests."""


def jsonld(page):
    return json.loads(page.find("script", type="application/ld+json").string)


def test_hero_image_is_a_figure_and_the_share_image(tmp_path):
    build = post_site(
        tmp_path,
        {"posts/hero.md": front("With hero", "2025-01-01", HERO)},
        siteurl="https://x.example/blog",
    )
    page = soup(build, "posts/2025/hero/index.html")
    figure = page.select_one("article figure.hero")
    img = figure.img
    assert img["src"] == "https://x.example/blog/images/hero.png"
    assert img["alt"] == "A green rectangle standing in for a photograph."
    assert (img["width"], img["height"]) == ("1200", "630")
    assert " ".join(figure.figcaption.get_text(" ").split()) == (
        "The fixture's hero image. Drawn for the tests."
    )
    assert (
        page.find("meta", property="og:image")["content"]
        == "https://x.example/blog/images/hero.png"
    )
    assert page.find("meta", property="og:image:alt")["content"].startswith("A green rectangle")
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    image = jsonld(page)["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"] == "https://x.example/blog/images/hero.png"
    assert image["caption"] == "The fixture's hero image."
    assert image["creditText"] == "Drawn for the tests."
    assert not (build.output / "posts/2025/hero/social-card.png").exists()


def test_missing_alt_text_is_a_problem_and_the_image_is_not_shown(tmp_path):
    build = post_site(
        tmp_path,
        {
            "posts/noalt.md": front("No alt", "2025-01-01", "image: images/hero.png"),
            "posts/gone.md": front(
                "Gone", "2025-01-02", "image: {src: images/missing.png, alt: x}"
            ),
        },
    )
    messages = build.messages()
    assert any(
        "noalt.md:5: image.alt: the image has no alt text; it is not shown on the page" in m
        for m in messages
    ), messages
    assert any(
        "gone.md:5: image.src: the image 'images/missing.png' was not found" in m for m in messages
    )
    page = soup(build, "posts/2025/noalt/index.html")
    assert page.select_one("figure.hero") is None
    assert page.find("meta", property="og:image")["content"].endswith("/images/hero.png")


def test_posts_without_a_raster_image_get_a_drawn_social_card(tmp_path):
    posts = {
        "posts/plain.md": front(
            "A post with a rather long title about teaching on night shifts", "2025-01-01"
        ),
        "posts/svg.md": front(
            "Vector hero", "2025-01-02", "image: {src: images/hero.svg, alt: A green circle.}"
        ),
    }
    build = post_site(tmp_path, posts, siteurl="https://x.example/blog")
    card = build.output / "posts/2025/plain/social-card.png"
    with Image.open(card) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)
        colours = image.getcolors(maxcolors=100_000)
    assert len(colours) > 2  # text was drawn on the background
    page = soup(build, "posts/2025/plain/index.html")
    assert page.find("meta", property="og:image")["content"] == (
        "https://x.example/blog/posts/2025/plain/social-card.png"
    )
    assert page.find("meta", property="og:image:width")["content"] == "1200"
    assert (
        "by Ada Fixture, MD, PhD, on Teaching Rounds"
        in page.find("meta", property="og:image:alt")["content"]
    )
    assert jsonld(page)["image"] == "https://x.example/blog/posts/2025/plain/social-card.png"
    # An SVG hero is shown on the page, but networks get a PNG card.
    svg = soup(build, "posts/2025/svg/index.html")
    assert svg.select_one("figure.hero img")["src"].endswith("images/hero.svg")
    assert svg.find("meta", property="og:image")["content"].endswith(
        "posts/2025/svg/social-card.png"
    )
    assert jsonld(svg)["image"]["url"].endswith("images/hero.svg")


def test_cards_are_deterministic_and_drawn_only_when_their_inputs_change(tmp_path):
    posts = {"posts/plain.md": front("Cached card", "2025-01-01")}
    first = post_site(tmp_path, posts)
    card = first.output / "posts/2025/plain/social-card.png"
    data, stamp = card.read_bytes(), card.stat().st_mtime_ns
    assert "social cards: 1 drawn, 0 unchanged" in first.messages(logging.INFO)
    # another post is added: this card's inputs are the same, so it is left as it is
    posts["posts/other.md"] = front("Another post", "2025-01-02")
    second = post_site(tmp_path, posts)
    assert "social cards: 1 drawn, 1 unchanged" in second.messages(logging.INFO)
    assert card.stat().st_mtime_ns == stamp
    card.unlink()  # a card removed from the output is drawn again, to the same bytes
    third = post_site(tmp_path, posts)
    assert "social cards: 1 drawn, 1 unchanged" in third.messages(logging.INFO)
    assert card.read_bytes() == data
    (tmp_path / "content/posts/other.md").unlink()
    del posts["posts/other.md"]
    # Same inputs in a fresh cache: the same bytes.
    fresh = post_site(tmp_path / "fresh", posts)
    assert (fresh.output / "posts/2025/plain/social-card.png").read_bytes() == data
    # A new title is a new card.
    changed = post_site(tmp_path, {"posts/plain.md": front("Another title", "2025-01-01")})
    assert "social cards: 1 drawn, 0 unchanged" in changed.messages(logging.INFO)
    assert card.read_bytes() != data


def test_cards_can_be_turned_off(tmp_path):
    build = post_site(
        tmp_path, {"posts/plain.md": front("No card", "2025-01-01")}, SOCIAL_CARDS=False
    )
    assert not (build.output / "posts/2025/plain/social-card.png").exists()
    page = soup(build, "posts/2025/plain/index.html")
    assert page.find("meta", property="og:image") is None
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
