"""In-text citations: collapsed numbers, AMA punctuation, narrative names, year suffixes.

citeproc-py gets none of these right for AMA (no collapsing, en dashes, no narrative
names, no disambiguation), so the plugin owns the in-text layer entirely and uses
citeproc-py only for reference entries and author-date labels.
"""

from __future__ import annotations

import re
from typing import Any

from .csl import year_of

# Locator terms by CSL label, (singular, plural): AMA's abbreviations ("4(p548)",
# "4(ch3)"), then the forms other styles print ("p. 548").
LOCATOR_TERMS = {
    "page": (("p", "pp"), ("p.", "pp.")),
    "chapter": (("ch", "ch"), ("chap.", "chaps.")),
    "section": (("sec", "sec"), ("sec.", "secs.")),
    "figure": (("fig", "figs"), ("fig.", "figs.")),
    "table": (("table ", "tables "), ("table", "tables")),
    "paragraph": (("para", "paras"), ("para.", "paras.")),
    "volume": (("vol", "vols"), ("vol.", "vols.")),
    "line": (("line ", "lines "), ("line", "lines")),
    "note": (("n", "nn"), ("n.", "nn.")),
    "column": (("col", "cols"), ("col.", "cols.")),
    "supplement": (("suppl", "suppl"), ("suppl.", "suppl.")),
}


def runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted, de-duplicated numbers as (first, last) runs of consecutive numbers."""
    result: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if result and number == result[-1][1] + 1:
            result[-1] = (result[-1][0], number)
        else:
            result.append((number, number))
    return result


def locator_text(label: str, locator: str, *, ama: bool) -> str:
    """``("page", "548")`` -> ``"p548"`` (AMA) or ``"p. 548"``; unknown labels verbatim."""
    locator = locator.replace("\u2013", "-")
    if not label:
        return locator
    ama_forms, long_forms = LOCATOR_TERMS.get(label, ((label, label), (label, label)))
    singular, plural = ama_forms if ama else long_forms
    term = plural if re.search(r"[-,&]", locator) else singular
    return f"{term}{locator}" if ama else f"{term} {locator}"


def author_names(item: dict[str, Any], et_al: str) -> str:
    """Names for a narrative citation, AMA text style: "Choo", "Khadpe and Joshi",
    "Choo et al" (plain text; the caller escapes). Falls back to editors, then the title."""
    names = item.get("author") or item.get("editor") or []
    families = [n.get("family") or n.get("literal") or "" for n in names if isinstance(n, dict)]
    families = [re.sub(r"<[^>]+>", "", f) for f in families if f]
    if not families:
        return re.sub(r"<[^>]+>", "", str(item.get("title-short") or item.get("title") or ""))
    first = names[0] if isinstance(names[0], dict) else {}
    particle = f"{first['non-dropping-particle']} " if first.get("non-dropping-particle") else ""
    if len(families) == 1:
        return particle + families[0]
    if len(families) == 2:
        return f"{particle}{families[0]} and {families[1]}"
    return f"{particle}{families[0]} {et_al}"


def year_suffixes(items: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """Year-suffix disambiguation (2014a, 2014b) for items that would otherwise share an
    author-date label; ``items`` are (key, item) in reference-list order."""
    groups: dict[tuple[str, str], list[str]] = {}
    for key, item in items:
        names = tuple(
            (n.get("family") or n.get("literal") or "").lower()
            for n in (item.get("author") or item.get("editor") or [])
        )
        label_names = names if len(names) <= 2 else (names[0], "et al")
        if not year_of(item):
            continue
        groups.setdefault((repr(label_names), year_of(item)), []).append(key)
    result: dict[str, str] = {}
    for keys in groups.values():
        if len(keys) > 1:
            for position, key in enumerate(keys):
                result[key] = _letters(position)
    return result


def _letters(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


# Punctuation placement around superscripts (AMA 11 §3.6.1): after periods and commas,
# before colons and semicolons, never after a space.
_SPACE_BEFORE = re.compile(r"[ \t\n]+(<sup class=\"citation\"|<span class=\"citation-group\"><sup)")
_MOVE_AFTER = re.compile(r"(<sup class=\"citation\"[^>]*>(?:(?!</sup>).)*</sup>)([.,]+)", re.DOTALL)


def place_superscripts(content: str) -> str:
    content = _SPACE_BEFORE.sub(r"\1", content)
    return _MOVE_AFTER.sub(r"\2\1", content)


# Summaries (index pages, feeds' descriptions, meta descriptions) are excerpts of many posts
# on one page: citation numbers there would link to entries that are not on the page and
# repeat ids across posts. Numbers go; author-date labels stay as plain text.
_NUMERIC = re.compile(r'<sup class="citation[^"]*"[^>]*>.*?</sup>', re.DOTALL)
_LABEL = re.compile(r'<span class="citation" id="cite-\d+">(.*?)</span>', re.DOTALL)
_LINK = re.compile(r'<a class="citation-link"[^>]*>(.*?)</a>', re.DOTALL)
_AFFIX = re.compile(r'\s?<span class="citation-affix">[^<]*</span>')
_GROUP = re.compile(r'\s*<span class="citation-group">\s*</span>')


def strip_citations(html: str) -> str:
    html = _AFFIX.sub("", html)
    html = _GROUP.sub("", _NUMERIC.sub("", html))
    html = _LINK.sub(r"\1", html)
    return _LABEL.sub(r"\1", html)
