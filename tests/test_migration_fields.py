"""The front-matter mapping on its own: other tools' field names in, ours out."""

from __future__ import annotations

from frontmatter.migrate import migrate
from frontmatter.parsing import split_front_matter
from meded_core.people import NamedPerson
import pytest


def mapped(text: str, path: str = "/site/content/posts/a.md"):
    front = split_front_matter(text)
    result = migrate(front, path, date_fields={"date", "modified"}, slugify=str.lower)
    return front.values, result


@pytest.mark.parametrize(
    ("header", "image"),
    [
        ("featured_image: a.png", "a.png"),
        ("featuredImage: a.png", "a.png"),
        ("coverImage: a.png", "a.png"),
        ("thumbnail: a.png", "a.png"),
        ("images: [a.png, b.png]", "a.png"),
        ("cover: {image: a.png, alt: A, caption: C}", {"src": "a.png", "alt": "A", "caption": "C"}),
        ("image: a.png\nimage-alt: A", {"src": "a.png", "alt": "A"}),
        ("image: {path: a.png, alt: A}", {"src": "a.png", "alt": "A"}),
    ],
)
def test_image_aliases(header, image):
    values, _ = mapped(f"---\ntitle: T\n{header}\n---\n")
    assert values["image"] == image
    assert not {"cover", "featured_image", "thumbnail", "images", "image-alt"} & set(values)


def test_our_fields_win_over_aliases():
    values, _ = mapped(
        "---\nsummary: Ours\ndescription: Theirs\nmodified: 2024-02-02\nlastmod: 2024-01-01\n---\n"
    )
    assert values["summary"] == "Ours" and values["modified"] == "2024-02-02"
    assert "description" not in values and "lastmod" not in values


def test_categories_fill_category_then_tags_without_duplicates():
    values, _ = mapped("---\ncategories: [Cardiology, ECG, Basics]\ntags: [ecg]\n---\n")
    assert values["category"] == "Cardiology"
    assert values["tags"] == ["ecg", "Basics"]
    values, _ = mapped("---\ncategory: Mine\ncategories: [A, B]\n---\n")
    assert values["category"] == "Mine" and values["tags"] == ["A", "B"]


def test_quarto_author_forms():
    values, result = mapped(
        "---\nauthor:\n  - name: {given: Maya, family: Okafor}\n    orcid: 0000-0002-1825-0097\n"
        "  - Plain Name\n---\n"
    )
    assert values["authors"] == ["Maya Okafor", "Plain Name"]
    assert result.identities == [NamedPerson("Maya Okafor", "0000-0002-1825-0097", ())]
    values, result = mapped("---\nauthor: {name: Solo Author, affiliation: Somewhere}\n---\n")
    assert values["authors"] == ["Solo Author"]
    assert result.identities[0].affiliations == ("Somewhere",)


def test_nameless_author_entry_is_a_problem():
    values, result = mapped("---\nauthors:\n  - affiliations: {name: X}\n---\n")
    assert values["authors"] == []
    assert "has no name" in result.problems[0].message and result.problems[0].line == 2


@pytest.mark.parametrize(
    ("path", "slug", "date"),
    [
        ("/c/posts/2024-03-05-my-post.md", "my-post", "2024-03-05"),
        ("/c/posts/my-post/index.md", "my-post", None),
        ("/c/posts/2019-06-12-my-post/index.md", "my-post", "2019-06-12"),
        ("/c/posts/plain.md", None, None),
    ],
)
def test_slugs_and_dates_from_file_names(path, slug, date):
    values, _ = mapped("---\ntitle: T\n---\n", path)
    assert values.get("slug") == slug
    assert values.get("date") == date


def test_front_matter_date_and_slug_win_over_the_file_name():
    values, _ = mapped("---\ndate: 2020-01-01\nslug: chosen\n---\n", "/c/posts/2024-03-05-x.md")
    assert values["date"] == "2020-01-01" and values["slug"] == "chosen"


def test_two_digit_years_are_reported():
    values, result = mapped("---\ndate: 03/04/24\n---\n")
    assert "is ambiguous" in result.problems[0].message
    assert values["date"] == "2024-04-03"
