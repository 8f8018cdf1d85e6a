"""Posts exactly as al-folio, Hugo (YAML and a TOML page bundle), Quarto and
wordpress-export-to-markdown write them build with the right metadata, strictly."""

from __future__ import annotations

import logging
from pathlib import Path
import shutil

from bs4 import BeautifulSoup
from conftest import SUBPATH_SITEURL, build_site, write_posts
import feedparser
from meded_core import ContentProblemsError
import pytest
from test_links import broken_links

SITE = Path(__file__).parent / "fixtures" / "migration" / "site"
POSTS = {
    "alfolio": "posts/2024/airway-pearls/index.html",
    "hugo_yaml": "posts/2024/sepsis-bundle-update/index.html",
    "hugo_toml": "posts/2023/ecg-basics/index.html",
    "quarto": "posts/2024/feedback-that-sticks/index.html",
    "wordpress": "posts/2019/fluids-in-sepsis/index.html",
}


ALT_LESS_COVERS = {  # these tools' cover fields have no alt text: reported until added
    "posts/2024-03-05-airway-pearls.md": "thumbnail:",
    "posts/2019-06-12-fluids-in-sepsis/index.md": "coverImage:",
}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    content = tmp_path_factory.mktemp("migrated") / "content"
    shutil.copytree(SITE, content)
    return build_site(content.parent / "output", content=content)


def test_only_alt_less_covers_are_problems_and_without_them_the_build_is_strict_clean(
    migrated, tmp_path
):
    problems = [m for m in migrated.messages() if "content/posts/" in m and ".md:" in m]
    assert len(problems) == 2, "\n".join(problems)
    for relative in ALT_LESS_COVERS:
        assert any(
            f"{relative}:" in m and "image.alt: the image has no alt text" in m for m in problems
        )
    content = tmp_path / "content"
    shutil.copytree(SITE, content)
    for relative, field in ALT_LESS_COVERS.items():
        path = content / relative
        kept = [line for line in path.read_text().splitlines(True) if not line.startswith(field)]
        path.write_text("".join(kept))
    build_site(tmp_path / "output", content=content, STRICT=True)  # raises on any problem


@pytest.fixture(scope="module")
def migrated_subpath(tmp_path_factory):
    content = tmp_path_factory.mktemp("migrated-sub") / "content"
    shutil.copytree(SITE, content)
    return build_site(content.parent / "output", content=content, siteurl=SUBPATH_SITEURL)


def page(build, name) -> BeautifulSoup:
    return BeautifulSoup(build.page(POSTS[name]), "html.parser")


def meta(soup, name) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]


def prop(soup, name) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"property": name})]


def test_every_shape_builds_strictly_at_the_expected_address(migrated):
    for relative in POSTS.values():
        assert (migrated.output / relative).is_file(), relative


def test_structured_authors_are_matched_by_name_or_orcid(migrated):
    alfolio = page(migrated, "alfolio")
    assert meta(alfolio, "citation_author") == ["Okafor, Maya", "Halvorsen, Teresa"]
    quarto = page(migrated, "quarto")
    # "T. Halvorsen" is found through her ORCID iD
    assert meta(quarto, "citation_author") == ["Okafor, Maya", "Halvorsen, Teresa"]
    assert "0000-0000-0000-6171" in " ".join(meta(quarto, "citation_author_orcid"))
    byline = " ".join(a.get_text() for a in quarto.select('a[href*="authors/"]'))
    assert "Teresa Halvorsen" in byline and "{" not in byline and "'name'" not in byline
    for name in POSTS:
        assert "'name':" not in migrated.page(POSTS[name])


def test_dates_from_front_matter_and_file_names(migrated):
    feed = feedparser.parse(migrated.page("feeds/all.atom.xml"))
    published = {e.link.rstrip("/").rsplit("/", 1)[-1]: e.published[:10] for e in feed.entries}
    assert published == {
        "airway-pearls": "2024-03-05",
        "sepsis-bundle-update": "2024-02-10",
        "ecg-basics": "2023-11-20",
        "feedback-that-sticks": "2024-04-03",
        "fluids-in-sepsis": "2019-06-12",
    }
    updated = {e.link.rstrip("/").rsplit("/", 1)[-1]: e.updated[:10] for e in feed.entries}
    assert updated["sepsis-bundle-update"] == "2024-02-12"  # Hugo lastmod
    assert updated["ecg-basics"] == "2023-12-01"  # TOML lastmod
    assert updated["feedback-that-sticks"] == "2024-04-10"  # Quarto date-modified


def test_categories_tags_and_summaries(migrated):
    feed = feedparser.parse(migrated.page("feeds/all.atom.xml"))
    by_slug = {e.link.rstrip("/").rsplit("/", 1)[-1]: e for e in feed.entries}
    terms = {slug: sorted(t.term for t in e.get("tags", [])) for slug, e in by_slug.items()}
    # Hugo: first category is the category, the rest join the tags
    assert "Critical Care" in terms["sepsis-bundle-update"]
    assert (migrated.output / "categories/critical-care/index.html").is_file()
    assert (migrated.output / "topics/guidelines/index.html").is_file()
    # Jekyll splits "tags: airway residents" at spaces
    assert (migrated.output / "topics/airway/index.html").is_file()
    assert (migrated.output / "topics/residents/index.html").is_file()
    assert (migrated.output / "categories/emergency-medicine/index.html").is_file()
    assert (migrated.output / "categories/feedback/index.html").is_file()
    assert (migrated.output / "topics/assessment/index.html").is_file()
    assert (
        by_slug["airway-pearls"].summary.removeprefix("<p>").startswith("Five airway tips")
    )  # description
    assert (
        by_slug["feedback-that-sticks"]
        .summary.removeprefix("<p>")
        .startswith("How to give feedback")
    )
    assert by_slug["ecg-basics"].summary.removeprefix("<p>").startswith("Reading lead II")


def test_images_from_cover_fields_and_bundles(migrated):
    assert prop(page(migrated, "hugo_yaml"), "og:image")[0].endswith("/images/sepsis.png")
    assert prop(page(migrated, "hugo_toml"), "og:image")[0].endswith(
        "/posts/ecg-basics/lead-ii.png"
    )
    assert prop(page(migrated, "quarto"), "og:image")[0].endswith(
        "/posts/feedback-that-sticks/thumbnail.png"
    )
    assert page(migrated, "hugo_toml").find("img", alt="A lead II rhythm strip in sinus rhythm")
    assert prop(page(migrated, "wordpress"), "og:image")[0].endswith(
        "/posts/2019-06-12-fluids-in-sepsis/images/fluids-cover.png"
    )
    assert prop(page(migrated, "alfolio"), "og:image")[0].endswith("/assets/img/airway.png")
    for relative in (
        "posts/ecg-basics/lead-ii.png",
        "posts/2019-06-12-fluids-in-sepsis/images/fluids-cover.png",
        "assets/img/airway.png",
    ):
        assert (migrated.output / relative).is_file(), relative


def test_references_from_every_shape(migrated):
    for name in POSTS:
        soup = page(migrated, name)
        references = soup.find(id="references") or soup.find(class_="references")
        assert references is not None, name
        assert "Frank" in references.get_text() or "Ramsden" in references.get_text(), name


def test_liquid_and_shortcodes_are_converted(migrated):
    alfolio = page(migrated, "alfolio")
    figure = alfolio.find("figure")
    assert figure.find("img")["alt"] == "An airway cart"
    assert figure.find("figcaption").get_text() == "The airway cart"
    link = alfolio.find("a", string="sepsis update")
    assert link["href"].endswith("posts/2019/fluids-in-sepsis/")
    text = alfolio.get_text()
    assert "Keep this literal." in text and "{%" not in text
    hugo = page(migrated, "hugo_yaml")
    frame = hugo.find("iframe")
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert hugo.find("figcaption", string="Timeline of the bundle")
    assert "{{" not in hugo.get_text()


def test_links_and_images_resolve_locally_and_under_a_subpath(migrated, migrated_subpath):
    for build, base in ((migrated, "http://127.0.0.1:8000"), (migrated_subpath, SUBPATH_SITEURL)):
        broken = [b for b in broken_links(build.output, base) if "pagefind" not in b]
        assert broken == []
    toml = page(migrated, "hugo_toml")
    assert (
        toml.find("img", alt="Lead II rhythm strip")["src"]
        == "../../../posts/ecg-basics/lead-ii.png"
    )


def test_foreign_fields_are_an_informational_note_only(migrated):
    notes = [m for m in migrated.messages(logging.INFO) if "no meaning here" in m]
    assert any("layout" in m and "giscus_comments" in m for m in notes)
    assert any("weight" in m for m in notes)
    assert not [m for m in migrated.messages(logging.WARNING) if "layout" in m or "weight" in m]


def _strict_problems(tmp_path, posts: dict[str, str]) -> str:
    content = write_posts(tmp_path / "content", posts)
    shutil.copy(SITE / "authors.yml", content / "authors.yml")
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "output", content=content, STRICT=True)
    return str(failure.value)


def test_unmatched_structured_author_is_reported_with_the_nearest_person(tmp_path):
    message = _strict_problems(
        tmp_path,
        {
            "posts/2024-03-05-typo.md": (
                "---\nlayout: post\ntitle: Typo\ndate: 2024-03-05\nauthors:\n"
                "  - name: Teresa Halvorson\n    affiliations:\n      name: Fjordside\n---\nText.\n"
            )
        },
    )
    assert "typo.md:5: authors: 'Teresa Halvorson' is not in the author registry" in message
    assert "did you mean teresa-halvorsen (Teresa Halvorsen)?" in message


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("03/04/2024", "write 2024-04-03 for 3 April, or write 2024-03-04 for 4 March"),
        ("05.06.2024", "write 2024-06-05 for 5 June, or write 2024-05-06 for 6 May"),
    ],
)
def test_ambiguous_dates_are_problems_with_the_iso_fix(tmp_path, written, fix):
    message = _strict_problems(
        tmp_path, {"posts/a.md": f"---\ntitle: A\ndate: {written}\n---\nText.\n"}
    )
    assert f"a.md:3: date: the date '{written}' is ambiguous" in message
    assert fix in message


def test_unambiguous_numeric_dates_are_read(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            "posts/a.md": "---\ntitle: A\ndate: 13/04/2024\n---\nText.\n",
            "posts/b.md": "---\ntitle: B\ndate: 2024/04/14\n---\nText.\n",
        },
    )
    build = build_site(tmp_path / "output", content=content)
    assert not [m for m in build.messages() if "is ambiguous" in m]
    feed = feedparser.parse(build.page("feeds/all.atom.xml"))
    assert sorted(e.published[:10] for e in feed.entries) == ["2024-04-13", "2024-04-14"]


def test_toml_mistake_is_reported_with_its_line(tmp_path):
    message = _strict_problems(
        tmp_path,
        {"posts/t/index.md": '+++\ntitle = "T"\ndate = \n+++\nText.\n'},
    )
    assert "index.md:3: malformed TOML front matter" in message
