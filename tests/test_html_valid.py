"""Every page passes the Nu Html Checker (the W3C validator) and has unique ids and one h1."""

from __future__ import annotations

from collections import Counter
import json
import subprocess

from bs4 import BeautifulSoup
from external_tools import vnu_command


def pages(output):
    return [p for p in sorted(output.rglob("*.html")) if "pagefind" not in p.parts]


def validate(files) -> list[str]:
    result = subprocess.run(
        [*vnu_command(), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [
        f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in report["messages"]
        if m.get("type") == "error"
    ]


def test_every_page_passes_the_nu_html_checker(fixture_site):
    assert validate(pages(fixture_site.output)) == []


def test_the_checker_catches_bad_markup(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html lang=en><head><title>t</title></head>"
        "<body><ul><p>not a list item</p></ul></body></html>"
    )
    errors = validate([bad])
    assert any("not allowed as child" in e for e in errors), errors


def test_ids_are_unique_images_have_alt_and_one_h1(fixture_site):
    problems = []
    for page in pages(fixture_site.output):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        counts = Counter(tag["id"] for tag in soup.find_all(id=True))
        problems += [f"{page.name}: duplicate id {i}" for i, n in counts.items() if n > 1]
        problems += [
            f"{page.name}: img without alt"
            for img in soup.find_all("img")
            if img.get("alt") is None
        ]
        if len(soup.find_all("h1")) != 1:
            problems.append(
                f"{page.relative_to(fixture_site.output)}: {len(soup.find_all('h1'))} h1"
            )
    assert problems == []
