"""Markdown brought from other tools: links and images, math, media, footnotes, shortcodes,
file types. Each site is built from files written here, with the real plugins and theme."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as etree

from bs4 import BeautifulSoup
from conftest import SUBPATH_SITEURL, build_site, write_posts
from meded_core import ContentProblemsError
import pytest
from test_html_valid import validate
from test_migration import SITE

HEAD = "---\ntitle: {title}\ndate: 2024-05-01\nauthors: [maya-okafor]\n---\n"

MATH = HEAD.format(title="Math") + (
    "Inline $a^2 + b^2 = c^2$ and a price of $5 and $10, or \\$20.\n\n"
    "$$\n\\frac{TP}{TP + FN}\n$$\n\n"
    "Code keeps dollars: `$x$`.\n\n"
    "```\n$not math$\n```\n\n"
    "Broken: $\\frac{a$ here.\n"
)

FOOTNOTES = HEAD.format(title="Notes") + (
    "A claim with a note.[^1] Another.[^aside]\n\n[^1]: The note.\n[^aside]: Second note.\n"
)

EMBEDS = HEAD.format(title="Media") + (
    "Watch this:\n\n"
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s "Airway basics"\n'
    "Transcript: transcript.md\n\n"
    "https://vimeo.com/76979871\n\n"
    "https://open.spotify.com/episode/7makk4oTQel546B0PZlDM5?si=abc\n\n"
    '<iframe style="border-radius:12px" '
    'src="https://open.spotify.com/embed/episode/7makk4oTQel546B0PZlDM5?utm_source=generator" '
    'width="100%" height="152" frameBorder="0" allowfullscreen="" '
    'allow="autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture" '
    'loading="lazy"></iframe>\n\n'
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" '
    'title="YouTube video player" frameborder="0" allowfullscreen></iframe>\n\n'
    "https://media.example.org/episode-12.mp3\n\n"
    "A link in a sentence stays a link: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
    "```\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n```\n"
)

TRANSCRIPT = HEAD.format(title="Transcript") + "Every word.\n"

LINKS = HEAD.format(title="Links") + (
    "[Media post](media.md), [again](../posts/media.md#watch), "
    "[by filename]({filename}media.md).\n\n"
    "![Beside the post](photo.png) ![Up a folder](../images/chart.png) "
    "![From the root](/images/chart.png)\n\n"
    "[Home](/about/) and [a PDF](/files/handout.pdf).\n\n"
    "`[not a link](missing.md)`\n"
)

PNG = (SITE / "images" / "sepsis.png").read_bytes()


def _site(tmp_path, posts: dict[str, str | bytes]):
    content = write_posts(tmp_path / "content", posts)
    shutil.copy(SITE / "authors.yml", content / "authors.yml")
    return content


def build_markup_site(root):
    """The site of this module's posts (also served to the browser tests)."""
    content = _site(
        root,
        {
            "posts/math.md": MATH,
            "posts/notes.md": FOOTNOTES,
            "posts/media.md": EMBEDS,
            "posts/transcript.md": TRANSCRIPT,
            "posts/links.md": LINKS,
            "posts/photo.png": PNG,
            "images/chart.png": PNG,
            "files/handout.pdf": b"%PDF-1.4\n",
            "pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
        },
    )
    return build_site(root / "output", content=content, QUALITY_REQUIRED=[])


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory):
    return build_markup_site(tmp_path_factory.mktemp("markup"))


@pytest.fixture(scope="module")
def markup_subpath(tmp_path_factory, markup_site):
    root = tmp_path_factory.mktemp("markup-sub")
    content = markup_site.output.parent / "content"
    return build_site(
        root / "output", content=content, siteurl=SUBPATH_SITEURL, QUALITY_REQUIRED=[]
    )


def soup_of(build, slug) -> BeautifulSoup:
    return BeautifulSoup(build.page(f"posts/2024/{slug}/index.html"), "html.parser")


def body(build, slug):
    return soup_of(build, slug).find(class_="post-body") or soup_of(build, slug).article


# --- Math -----------------------------------------------------------------------------------


def test_math_becomes_mathml_with_its_tex(markup_site):
    post = body(markup_site, "math")
    formulas = post.find_all("math")
    assert [m.get("display") for m in formulas] == ["inline", "block"]
    inline, block = formulas
    assert inline["alttext"] == "a^2 + b^2 = c^2"
    assert inline.find("annotation", encoding="application/x-tex").get_text() == "a^2 + b^2 = c^2"
    assert block.find("mfrac") is not None
    # the browser's MathML is well-formed XML
    etree.fromstring(
        str(block).replace("<math", '<math xmlns="http://www.w3.org/1998/Math/MathML"', 1)
    )
    assert not post.find("script")


def test_prices_escapes_and_code_are_not_math(markup_site):
    text = body(markup_site, "math").get_text()
    assert "a price of $5 and $10, or $20." in text
    codes = [c.get_text() for c in body(markup_site, "math").find_all("code")]
    assert "$x$" in codes and any("$not math$" in c for c in codes)


def test_bad_tex_is_shown_as_code_and_reported(markup_site):
    post = body(markup_site, "math")
    error = post.find("code", class_="math-error")
    assert error.get_text() == "$\\frac{a$"
    messages = [m for m in markup_site.messages() if "math:" in m]
    assert len(messages) == 1
    assert "math.md:18: math: a '{' is never closed" in messages[0]


# --- Footnotes ------------------------------------------------------------------------------


def test_footnotes_are_bracketed_named_and_listed_as_notes(markup_site):
    post = body(markup_site, "notes")
    refs = post.select("a.footnote-ref")
    assert [r.get_text() for r in refs] == ["[1]", "[2]"]
    assert [r["aria-label"] for r in refs] == ["Note 1", "Note 2"]
    notes = post.find("section", class_="footnotes")
    assert notes.find("h2").get_text() == "Notes"
    assert notes["aria-labelledby"] == notes.find("h2")["id"]
    assert [li.p.get_text(" ", strip=True).split(" ↩")[0] for li in notes.find_all("li")] == [
        "The note.",
        "Second note.",
    ]
    backrefs = [a["aria-label"] for a in notes.select("a.footnote-backref")]
    assert backrefs == ["Back to note 1 in the text", "Back to note 2 in the text"]


# --- Embeds ---------------------------------------------------------------------------------


def test_media_links_and_pasted_code_become_private_lazy_titled_embeds(markup_site):
    post = body(markup_site, "media")
    frames = post.find_all("iframe")
    assert [f["src"] for f in frames] == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42",
        "https://player.vimeo.com/video/76979871?dnt=1",
        "https://open.spotify.com/embed/episode/7makk4oTQel546B0PZlDM5",
        "https://open.spotify.com/embed/episode/7makk4oTQel546B0PZlDM5",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ]
    for frame in frames:
        assert frame["loading"] == "lazy" and frame["title"]
        assert not {"width", "height", "frameborder", "style"} & set(frame.attrs)
    assert frames[0]["title"] == "Airway basics"
    assert frames[4]["title"] == "YouTube video player"
    first = frames[0].find_parent("figure")
    transcript = first.find("a", string="Transcript")
    assert transcript["href"].endswith("posts/2024/transcript/")
    audio = post.find("audio")
    assert audio["src"] == "https://media.example.org/episode-12.mp3" and audio["preload"] == "none"
    sentence = post.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert sentence is None or sentence.find_parent("figure") is not None
    code = post.find("pre")
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in code.get_text()
    assert code["tabindex"] == "0"  # keyboard users can scroll a wide code block


def test_pages_with_math_embeds_and_notes_pass_the_html_checker(markup_site):
    pages = [markup_site.output / f"posts/2024/{s}/index.html" for s in ("math", "media", "notes")]
    assert validate(pages) == []


# --- Links and images -----------------------------------------------------------------------


def test_natural_links_and_images_resolve(markup_site, markup_subpath):
    for build, base in ((markup_site, "../../../"), (markup_subpath, SUBPATH_SITEURL + "/")):
        post = body(build, "links")
        hrefs = {a.get_text(): a["href"] for a in post.find_all("a")}
        assert hrefs["Media post"] == f"{base}posts/2024/media/"
        assert hrefs["again"] == f"{base}posts/2024/media/#watch"
        assert hrefs["by filename"] == f"{base}posts/2024/media/"
        assert hrefs["Home"] == f"{base}about/"
        assert hrefs["a PDF"] == f"{base}files/handout.pdf"
        images = {i["alt"]: i["src"] for i in post.find_all("img")}
        assert images == {
            "Beside the post": f"{base}posts/photo.png",
            "Up a folder": f"{base}images/chart.png",
            "From the root": f"{base}images/chart.png",
        }
        for relative in ("posts/photo.png", "images/chart.png", "files/handout.pdf"):
            assert (build.output / relative).is_file()
        assert "[not a link](missing.md)" in post.find("code").get_text()


def test_unresolved_links_and_images_fail_a_strict_build_with_lines(tmp_path):
    content = _site(
        tmp_path,
        {
            "posts/a.md": HEAD.format(title="A")
            + "Text.\n\n[Gone](gone-post.md)\n\n![Missing](../images/missing.png)\n\n"
            "![Root](/images/nope.png) [static]({static}/files/nothing.pdf)\n",
        },
    )
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "output", content=content, STRICT=True, QUALITY_REQUIRED=[])
    message = str(failure.value)
    assert "a.md:8: link: 'gone-post.md' names no file under content/" in message
    assert "a.md:10: image: '../images/missing.png' names no file under content/" in message
    assert "a.md:12: image: '/images/nope.png' names no file under content/" in message
    assert "a.md:12: link: {static}/files/nothing.pdf names no file under content/" in message


# --- Other tools' constructs ----------------------------------------------------------------


def test_unsupported_constructs_get_one_warning_each_with_the_line(tmp_path):
    content = _site(
        tmp_path,
        {
            "posts/b.md": HEAD.format(title="B")
            + "{{< notice warning >}}\nCheck local guidance.\n{{< /notice >}}\n\n"
            "::: {.column-margin}\nA tip.\n:::\n\n"
            "{% if page.toc %}Table{% endif %}\n\n"
            "Title: {{ page.title }}\n\n"
            "```{r}\nsummary(cars)\n```\n\n"
            "`{{< notice >}}` in code is fine.\n",
        },
    )
    build = build_site(tmp_path / "output", content=content, QUALITY_REQUIRED=[])
    found = [m for m in build.messages() if "b.md:" in m]
    assert len([m for m in found if "b.md:6: Hugo shortcode '{{< notice warning >}}'" in m]) == 1
    assert len([m for m in found if "b.md:10: Quarto block 'column-margin'" in m]) == 1
    assert len([m for m in found if "b.md:14: Liquid tag '{% if page.toc %}'" in m]) == 1
    assert len([m for m in found if "b.md:14: Liquid tag '{% endif %}'" in m]) == 1
    assert len([m for m in found if "b.md:16: template expression '{{ page.title }}'" in m]) == 1
    assert len([m for m in found if "b.md:18: Quarto code cell '{r}'" in m]) == 1
    assert len(found) == 6, found
    text = body(build, "b").get_text()
    assert "Check local guidance." in text and "A tip." in text and "summary(cars)" in text


# --- File types -----------------------------------------------------------------------------


def test_markdown_spellings_are_read_and_text_files_reported(tmp_path):
    content = _site(
        tmp_path,
        {
            "posts/upper.MD": HEAD.format(title="Upper"),
            "posts/long.markdown": HEAD.format(title="Long"),
            "posts/notes.txt": "title: forgotten\n",
            "posts/figure.png": PNG,
            "posts/refs.bib": "@book{k, title={T}, year={2020}}\n",
        },
    )
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "output", content=content, STRICT=True, QUALITY_REQUIRED=[])
    message = str(failure.value)
    assert "1 content problem " in message
    assert "notes.txt: this file in the posts folder is not read as a post" in message
    assert "rename it to notes.md" in message
    build = build_site(tmp_path / "output2", content=content, QUALITY_REQUIRED=[])
    assert (build.output / "posts/2024/upper/index.html").is_file()
    assert (build.output / "posts/2024/long/index.html").is_file()


def test_code_blocks_are_coloured_in_light_and_dark(markup_site):
    css = (markup_site.output / "theme/css/site.css").read_text(encoding="utf-8")
    assert ".highlight .k {" in css and css.count(".highlight .k {") == 2
    dark = css[css.rindex("@media (prefers-color-scheme: dark)") :]
    assert ".highlight .k {" in dark
    assert "blockquote {" in css


def test_quarto_callouts_become_the_sites_callout_boxes(tmp_path):
    content = _site(
        tmp_path,
        {
            "posts/c.md": HEAD.format(title="C")
            + '::: {.callout-tip title="Before you intubate"}\nCheck the **suction**.\n:::\n\n'
            "::: {.callout-warning}\n## Watch the pressure\nIt drops.\n:::\n",
        },
    )
    build = build_site(tmp_path / "output", content=content, QUALITY_REQUIRED=[], STRICT=True)
    boxes = body(build, "c").select("aside.callout")
    titles = [" ".join(b.find(id=b["aria-labelledby"]).get_text(" ").split()) for b in boxes]
    assert titles == ["Pearls: Before you intubate", "Pitfalls: Watch the pressure"]
    assert boxes[0].strong.get_text() == "suction"
    assert "It drops." in boxes[1].get_text() and ":::" not in body(build, "c").get_text()


def test_a_media_link_inside_a_paragraph_keeps_its_transcript_line():
    """A media link followed by a Transcript: line and more text is a paragraph, not an
    embed: every line of it stays, the Transcript: line included."""
    from markdown import Markdown
    from markup.embeds import EmbedPreprocessor

    lines = [
        "https://vimeo.com/76979871",
        "Transcript: transcript.md",
        "and the rest of the sentence.",
    ]
    kept = EmbedPreprocessor(Markdown(), lambda md, link: link).run(list(lines))
    assert kept == lines
    embedded = EmbedPreprocessor(Markdown(), lambda md, link: link).run([*lines[:2], ""])
    assert len(embedded) == 4 and 'href="transcript.md"' in embedded[1]
