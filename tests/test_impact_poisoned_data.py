"""Damaged committed figures (a 400-digit count, NaN, wrong types) never stop a build.

The old code stored whatever an API sent, and one 400-digit count made every later
``make html``/``check``/``publish`` crash with OverflowError. Now each damaged figure,
record or history point is reported (file, record, figure) and left out, and the rest of
the figures are published as usual.
"""

from __future__ import annotations

import json

from impact.store import load_figures, save_figures
from impact_pages_data import DATA, PEERJ, POST_PAGES, build, figures_data, make_site, soup
from meded_core.problems import ContentProblemsError
import pytest

HUGE = "1" + "0" * 400


def poison(folder):
    """Write damaged values into saved figures, as raw JSON text (NaN, a 400-digit int)."""
    figures_path, history_path = folder / "figures.json", folder / "history.json"
    data = json.loads(figures_path.read_text())
    record = data["records"][f"doi:{PEERJ}"]
    record["metrics"]["openalex.cited_by_count"]["value"] = "__HUGE__"
    record["metrics"]["altmetric.news"]["value"] = "__NAN__"
    record["metrics"]["altmetric.score"]["value"] = {"nested": "object"}
    record["metrics"]["openalex.counts_by_year"]["as_of"] = "2026-13-45"
    record["metrics"]["altmetric.x"]["value"] = 2_000_000  # large, but a real count
    data["records"]["doi:10.5555/broken"] = ["not", "a", "record"]
    text = json.dumps(data).replace('"__HUGE__"', HUGE).replace('"__NAN__"', "NaN")
    figures_path.write_text(text)
    history = json.loads(history_path.read_text())
    series = history["series"][f"doi:{PEERJ}"]["openalex.cited_by_count"]
    series.append(["2026-01-02", "__HUGE__"])
    series.append(["never", 5])
    history_path.write_text(json.dumps(history).replace('"__HUGE__"', HUGE))


def test_damaged_figures_are_reported_and_left_out(tmp_path):
    folder = tmp_path / "figures"
    save_figures(folder, figures_data())
    poison(folder)
    figures = load_figures(folder, quiet=True)
    peerj = figures[f"doi:{PEERJ}"]
    for name in ("openalex.cited_by_count", "altmetric.news", "altmetric.score"):
        assert peerj.figure(name) is None, name
    assert "openalex.counts_by_year" not in peerj.metrics  # as_of 2026-13-45 is no date
    assert peerj.value("crossref.is_referenced_by_count") == 850  # the rest is kept
    assert peerj.value("altmetric.x") == 2_000_000
    assert "doi:10.5555/broken" not in figures
    problems = [str(p) for p in figures.problems]
    for field in ("openalex.cited_by_count", "altmetric.news", "altmetric.score"):
        assert any(
            "figures.json" in p and f"{field}: record 'doi:{PEERJ}'" in p for p in problems
        ), (field, problems)
    assert any("'doi:10.5555/broken' is not a mapping" in p for p in problems)
    assert any("history.json" in p and "2 point(s)" in p for p in problems)
    history = figures.history(f"doi:{PEERJ}", "openalex.cited_by_count")
    assert all(len(str(point.value)) < 20 for point in history)


def test_make_html_and_check_survive_damaged_figures(tmp_path):
    """`make html` warns and publishes the good figures; `make check` lists the problems."""
    content = make_site(tmp_path, figures=figures_data())
    poison(content / DATA)
    site = build(tmp_path, content)
    warnings = [r.getMessage() for r in site.records if r.levelname == "WARNING"]
    assert any("openalex.cited_by_count" in w and "left out" in w for w in warnings), warnings
    page = soup(site, POST_PAGES["everything"])
    assert "850" in page.select_one("#impact").get_text()  # Crossref's figure still shown
    assert HUGE[:30] not in (site.output / "impact/impact.json").read_text()
    with pytest.raises(ContentProblemsError) as failure:
        build(tmp_path / "strict", content, STRICT=True)
    assert "altmetric.news" in str(failure.value)
