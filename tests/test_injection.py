"""Style-provided text and hostile field values cannot inject markup or records.

A CSL file is text someone downloaded or edited: its citation delimiter, prefix and suffix
and its bibliography affixes never reach a page or a feed as markup. Titles, names and URLs
with line breaks and braces cannot add records or fields to the RIS and BibTeX downloads,
and a ``javascript:`` URL never becomes a URL field. Checked with the programs that read
the files: an HTML parser on pages and (unsanitised) feed content, rispy, bibtexparser.
"""

from __future__ import annotations

import functools
import http.server
import json
from pathlib import Path
import shutil
import threading

import bibtexparser
from bibtexparser import middlewares
from bs4 import BeautifulSoup
from citations.exports import to_bibtex, to_ris
from conftest import build_site, write_posts
import feedparser
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
import pytest
import rispy

FIXTURES = Path(__file__).parent / "fixtures" / "safety"
HOSTILE = (
    "Evil} stuff {x}\n, url = {javascript:alert(1)}\r\nER  - \r\nTY  - JOUR\r\n"
    "TI  - Injected\n@misc{pwn, title={x}\u2028AU  - Zed"
)
FLAT = " ".join(HOSTILE.split())  # what a one-line field keeps: every character, one line
REFS = [
    {
        "id": key,
        "type": "article-journal",
        "title": f"Work {key}: {HOSTILE}",
        "author": [{"family": "Smith\r\nER  - \r\nTY  - BOOK", "given": "A}\n@misc{q,"}],
        "container-title": "J\u2029UR  - javascript:alert(2)",
        "URL": "javascript:alert(3)//\nhttps://example.org/",
        "DOI": "10.1/x}\n@misc{z,",
        "issued": {"date-parts": [[2020]]},
    }
    for key in ("a", "b")
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("injection")
    title = json.dumps(HOSTILE)  # a YAML double-quoted string
    content = write_posts(
        base / "content",
        {
            "authors.yml": "ana:\n  name: Ana\n",
            "posts/x.md": f"---\ntitle: {title}\ndate: 2024-03-01\nslug: x\nauthors: [ana]\n"
            "bibliography: refs.json\ncsl: hostile.csl\ndisclosures: None declared.\n---\n"
            "See [@a; @b].\n",
            "posts/refs.json": json.dumps(REFS),
        },
    )
    shutil.copy(FIXTURES / "hostile-delimiter.csl", content / "posts" / "hostile.csl")
    return build_site(base / "output", content=content, siteurl="https://example.org")


def injected(html: str) -> list[str]:
    """Elements or attributes the style's text would have added, if it were markup."""
    soup = BeautifulSoup(html, "html.parser")
    found = [str(tag)[:80] for tag in soup.find_all("img") if tag.get("src") in {"x", "y"}]
    found += [
        s.get_text()[:80]
        for s in soup.find_all("script")
        if s.get("type") != "application/ld+json" and "alert" in s.get_text()
    ]
    found += [
        f"{tag.name}[{name}]"
        for tag in soup.find_all(True)
        for name in tag.attrs
        if name.startswith("on")
    ]
    return found


def test_csl_style_text_never_becomes_markup_in_pages_or_feeds(site):
    page = site.page("posts/2024/x/index.html")
    assert "onerror=alert(3)" in BeautifulSoup(page, "html.parser").get_text()  # shown as text
    pages = list(site.output.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        assert injected(path.read_text(encoding="utf-8")) == [], path
    feeds = [p for p in site.output.rglob("*.xml") if "feeds" in p.parts]
    assert feeds
    for path in feeds:
        parsed = feedparser.parse(path.read_text(encoding="utf-8"), sanitize_html=False)
        for entry in parsed.entries:
            for part in [*entry.get("content", []), entry.get("summary_detail") or {}]:
                assert injected(part.get("value", "")) == [], path


def latex_text(value: str) -> str:
    """LaTeX as text, knowing the two text-mode brace commands pylatexenc lacks."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "braces",
        macros=[MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")],
        prepend=True,
    )
    return LatexNodes2Text(latex_context=context).latex_to_text(value)


def check_bibtex(text: str, titles: list[str]) -> None:
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors()])
    assert library.failed_blocks == [] and len(library.entries) == len(titles)
    for entry, title in zip(library.entries, titles, strict=True):
        fields = set(entry.fields_dict)
        assert fields <= {
            "author",
            "title",
            "journal",
            "organization",
            "journaltitle",
            "year",
            "date",
            "month",
            "url",
            "doi",
        }
        assert latex_text(entry.fields_dict["title"].value) == title
        assert "javascript" not in (entry.fields_dict["url"].value if "url" in fields else "")


def check_ris(text: str, titles: list[str]) -> None:
    records = rispy.loads(text)
    assert [r["title"] for r in records] == titles
    assert all(r["type_of_reference"] in {"JOUR", "BLOG"} for r in records)
    assert not any("javascript" in u for r in records for u in r.get("urls", []))


def test_downloads_hold_one_record_per_work_with_the_title_intact(site):
    folder = "posts/2024/x/x"
    check_bibtex(site.page(f"{folder}-citation.bib"), [FLAT])
    check_ris(site.page(f"{folder}-citation.ris"), [FLAT])
    check_bibtex(site.page(f"{folder}-references.bib"), [f"Work a: {FLAT}", f"Work b: {FLAT}"])
    check_ris(site.page(f"{folder}-references.ris"), [f"Work a: {FLAT}", f"Work b: {FLAT}"])
    for name in ("citation.bib", "citation.ris", "references.bib", "references.ris"):
        lines = site.page(f"{folder}-{name}").splitlines()
        assert not any(line.startswith(("UR ", "  url")) and "javascript" in line for line in lines)


def test_only_web_urls_are_exported():
    item = {"type": "webpage", "title": "T", "URL": "JavaScript:alert(1)"}
    assert (
        "javascript" not in to_ris([item]).lower()
        and "javascript" not in to_bibtex([("k", item)]).lower()
    )
    item["URL"] = "https://example.org/a b}{"
    assert "UR  - https://example.org/a%20b%7D%7B" in to_ris([item])
    assert "url = {https://example.org/a%20b%7D%7B}" in to_bibtex([("k", item)])


def test_no_style_text_runs_as_script_in_a_real_browser(site, browser):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site.output))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        # Any alert(), from a script or an event handler, is recorded instead of shown.
        context.add_init_script(
            "window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));"
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("http://127.0.0.1")
                else route.abort()
            ),
        )
        page = context.new_page()
        port = server.server_address[1]
        page.goto(f"http://127.0.0.1:{port}/posts/2024/x/index.html", wait_until="load")
        citations = page.locator(".citation")
        assert citations.count() >= 1
        for index in range(citations.count()):
            citations.nth(index).hover()
        page.wait_for_timeout(200)
        assert page.evaluate("window.__alerts") == []
        assert page.evaluate("typeof window.__alerts") == "object"  # the hook was installed
        assert "onerror=alert(3)" in page.inner_text("main")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
