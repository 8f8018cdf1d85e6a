"""The per-build fragment cache behind ``{% call impact_once(...) %}``."""

from __future__ import annotations

from impact_pages.fragments import FragmentCache
import jinja2

TEMPLATE = (
    "{% for work in works %}"
    '{% call once("cell", work, SITEURL) %}<b>{{ work }}</b>{{ count() }}{% endcall %}'
    "{% endfor %}"
)


def _render(once: FragmentCache, works, siteurl: str = "") -> tuple[str, list[int]]:
    calls: list[int] = []

    def count() -> str:
        calls.append(1)
        return ""

    env = jinja2.Environment(autoescape=True)
    html = env.from_string(TEMPLATE).render(works=works, once=once, SITEURL=siteurl, count=count)
    return html, calls


def test_each_key_is_rendered_once_and_reused():
    once = FragmentCache()
    html, calls = _render(once, ["a<", "b", "a<"])
    assert html == "<b>a&lt;</b><b>b</b><b>a&lt;</b>"  # escaped once, reused as Markup
    assert len(calls) == 2 and len(once) == 2 and once.hits == 1


def test_every_part_of_the_key_counts():
    once = FragmentCache()
    _render(once, ["a"], siteurl="..")
    _, calls = _render(once, ["a"], siteurl="../..")  # relative URLs differ by page depth
    assert len(calls) == 1 and len(once) == 2


def test_unhashable_key_renders_without_caching():
    once = FragmentCache()
    html, calls = _render(once, [["x"], ["x"]])
    assert html.count("<b>") == 2 and len(calls) == 2 and len(once) == 0
