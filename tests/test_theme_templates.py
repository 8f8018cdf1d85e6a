"""Every template the theme includes, imports or extends is one the theme ships (or
Pelican's ``simple`` theme, its fallback), so no include needs ``ignore missing`` and a
missing partial fails the build loudly instead of leaving a hole in every page."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta
import pelican

TEMPLATES = Path(__file__).resolve().parents[1] / "theme" / "templates"
SIMPLE = Path(pelican.__file__).parent / "themes" / "simple" / "templates"


def missing_includes(folder: Path) -> set[tuple[str, str]]:
    """(template, name) for every template name used in ``folder`` that no theme ships."""
    environment = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.i18n"])
    missing = set()
    for path in sorted(folder.rglob("*.html")):
        tree = environment.parse(path.read_text(encoding="utf-8"))
        for name in filter(None, meta.find_referenced_templates(tree)):
            if not (folder / name).is_file() and not (SIMPLE / name).is_file():
                missing.add((str(path.relative_to(folder)), name))
    return missing


def test_every_included_template_is_shipped():
    assert any(TEMPLATES.rglob("partials/*.html"))
    missing = missing_includes(TEMPLATES)
    assert not missing, f"templates include what the theme does not ship: {sorted(missing)}"


def test_a_missing_partial_is_found(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials/there.html").write_text("here", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '{% extends "base.html" %}{% include "partials/there.html" %}'
        '{% include "partials/absent.html" ignore missing %}',
        encoding="utf-8",
    )
    assert missing_includes(tmp_path) == {("page.html", "partials/absent.html")}


def test_no_include_of_a_shipped_partial_is_allowed_to_be_missing():
    lax = [p.name for p in TEMPLATES.rglob("*.html") if "ignore missing" in p.read_text("utf-8")]
    assert not lax
