"""Content and data mistakes that used to end a build with a traceback are content
problems with file and line: a review interval past the calendar, a NaN or infinite
rating, a review date at the end of time, a deeply nested data file."""

from __future__ import annotations

from conftest import build_site, write_posts
import pytest

REGISTRY = "ana:\n  name: Ana Lopez\nben:\n  name: Ben Okoro\n"


def post(name: str, fields: str) -> str:
    return (
        f"---\ntitle: {name}\ndate: 2024-03-01\nauthors: [ana]\n"
        f"disclosures: None declared.\n{fields}---\nBody of {name}.\n"
    )


CASES = {
    "years": ("review_every: 99999 years\n", "review_every:", "at most 100 years"),
    "days": ("review_every: 999999999999 days\n", "review_every:", "at most 36525 days"),
    "nan": (
        "ratings:\n  - rater: ben\n    scores: {writing: .nan}\n",
        "ratings[1].scores.writing:",
        "score nan is not a whole number",
    ),
    "inf": (
        "ratings:\n  - rater: ben\n    scores: {writing: .inf}\n",
        "ratings[1].scores.writing:",
        "score inf is not a whole number",
    ),
}


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    base = tmp_path_factory.mktemp("mistakes")
    posts = {f"posts/{name}.md": post(name, fields) for name, (fields, _, _) in CASES.items()}
    posts["posts/end-of-time.md"] = post(
        "end-of-time", "last_reviewed: 9999-12-30\nreview_every: 100 years\n"
    )
    posts["authors.yml"] = REGISTRY
    deep = "[" * 100_000 + "]" * 100_000
    posts["data/references.json"] = deep
    posts["data/impact/figures.json"] = deep
    content = write_posts(base / "content", posts)
    return build_site(base / "output", content=content, QUALITY_TODAY="2024-06-01")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_mistake_is_a_problem_with_its_field(build, name):
    _, where, what = CASES[name]
    assert any(f"{name}.md:" in m and where in m and what in m for m in build.messages()), [
        m for m in build.messages() if f"{name}.md" in m
    ]
    assert (build.output / "posts" / "2024" / name / "index.html").is_file()


def test_a_review_date_at_the_end_of_the_calendar_still_builds(build):
    page = build.page("posts/2024/end-of-time/index.html")
    assert "Body of end-of-time." in page


@pytest.mark.parametrize("name", ["references.json", "figures.json"])
def test_deeply_nested_data_files_are_problems(build, name):
    assert any(name in m and "nested" in m for m in build.messages()), build.messages()
