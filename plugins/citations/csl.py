"""CSL-JSON items: normalise what the sources send into what the formatter expects.

Sources disagree (Crossref's REST types, Zotero's ``journalAbbreviation``, PubMed's
``188-91`` pages, list-valued titles), so every item passes :func:`normalize_item` before it
is cached or formatted. The functions here are pure and shared by the bibliography loader,
the resolvers and the exporters.
"""

from __future__ import annotations

from collections.abc import Callable
import copy
import datetime as dt
import re
from typing import Any, TypeVar

from meded_core.identifiers import (
    normalize_doi,
    normalize_isbn,
    normalize_pmcid,
    normalize_pmid,
    strip_doi_prefix,
)
from meded_core.text import markup_to_text

# Crossref (REST and content negotiation) type names -> CSL 1.0.2 types.
CROSSREF_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "book-track": "book",
    "reference-entry": "entry",
    "dissertation": "thesis",
    "report-series": "report",
    "report-component": "report",
    "peer-review": "review",
    "journal-issue": "periodical",
    "journal": "periodical",
    "component": "article",
    "other": "article",
    "standard": "standard",
    "database": "dataset",
    "grant": "document",
}
CSL_TYPES = {
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
}
NAME_FIELDS = (
    "author",
    "editor",
    "translator",
    "container-author",
    "collection-editor",
    "interviewer",
    "recipient",
    "director",
)
NAME_PARTS = ("family", "given", "literal", "suffix", "non-dropping-particle", "dropping-particle")
DATE_FIELDS = ("issued", "accessed", "original-date", "event-date", "submitted")
# Variables worth keeping in the committed cache (a Crossref answer has ~40 more: reference
# lists, licences, funders... that nobody formats and that would swamp the diff).
KEEP_FIELDS = {
    "id",
    "type",
    "title",
    "title-short",
    "container-title",
    "container-title-short",
    "collection-title",
    "volume",
    "issue",
    "page",
    "number",
    "edition",
    "chapter-number",
    "publisher",
    "publisher-place",
    "event",
    "event-place",
    "genre",
    "medium",
    "version",
    "DOI",
    "PMID",
    "PMCID",
    "ISBN",
    "ISSN",
    "URL",
    "note",
    "language",
    "source",
    "status",
    "number-of-pages",
    "section",
    "archive",
    "archive_location",
    "abstract-short",
    *NAME_FIELDS,
    *DATE_FIELDS,
    "updated-by",
}
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
SEASONS = {"spring": 13, "summer": 14, "autumn": 15, "fall": 15, "winter": 16}


def first_text(value: Any) -> str:
    """Crossref sends titles as lists; CSL wants one string."""
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    return "" if value is None else str(value).strip()


def parse_date(text: Any) -> dict[str, Any] | None:
    """``2015``, ``2015-05``, ``2015-05-12``, ``2015/05/12``, ``1965 Aug``, ``May 2015``,
    ``March 3, 2016`` -> ``{"date-parts": [[...]]}``; None if no year can be found."""
    if text is None:
        return None
    if isinstance(text, dict):
        return text if text.get("date-parts") or text.get("literal") else None
    if isinstance(text, dt.date):
        return {"date-parts": [[text.year, text.month, text.day]]}
    value = str(text).strip()
    match = re.match(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ]\d{1,2}:.*)?$", value)
    if match:
        parts = [int(p) for p in match.groups() if p]
        return {"date-parts": [parts]}
    year = re.search(r"\b(1[5-9]\d{2}|20\d{2}|21\d{2})\b", value)
    if not year:
        return {"literal": value} if value else None
    parts = [int(year.group(1))]
    month = None
    for word in re.findall(r"[A-Za-z]+", value):
        word = word.lower()
        if word[:3] in MONTHS:
            month = MONTHS[word[:3]]
            break
        if word in SEASONS:
            month = SEASONS[word]
            break
    if month:
        parts.append(month)
        day = re.search(r"(?<!\d)(\d{1,2})(?!\d)", value.replace(year.group(1), ""))
        if day and 1 <= int(day.group(1)) <= 31 and month <= 12:
            parts.append(int(day.group(1)))
    return {"date-parts": [parts]}


def date_parts(item: dict[str, Any], field: str = "issued") -> list[int]:
    value = item.get(field) or {}
    try:
        parts = value["date-parts"][0]
        return [int(p) for p in parts if p not in (None, "")]
    except (KeyError, IndexError, TypeError, ValueError):
        return []


def year_of(item: dict[str, Any]) -> str:
    parts = date_parts(item)
    return str(parts[0]) if parts else ""


def date_text(parts: list[int], separator: str = "-") -> str:
    """``[2015, 5, 2]`` -> ``2015-05-02``: month and day in two digits."""
    return separator.join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def family_name(name: dict[str, str]) -> str:
    """The family name with its non-dropping particle: "van der Vleuten"."""
    return " ".join(x for x in (name.get("non-dropping-particle"), name.get("family")) if x)


T = TypeVar("T")


def per_item(
    memo: dict, item: dict[str, Any], compute: Callable[[dict[str, Any]], T], *also: object
) -> T:
    """``compute(item)`` for this item object (and ``also``), remembered in ``memo``: the same
    item objects are cited by many posts. Keyed by identity; the item is kept with its
    value, so its id cannot be reused by another object while the memo lives."""
    key = (id(item), *also)
    known = memo.get(key)
    if known is None or known[0] is not item:
        known = memo[key] = (item, compute(item))
    return known[1]


def split_name(text: str) -> dict[str, str]:
    """``"Hambrick GW Jr"`` (PubMed), ``"Choo, Esther K."`` or ``"B Ian Hutchins"`` -> CSL name."""
    text = " ".join(str(text).split())
    if not text:
        return {}
    if "," in text:
        family, _, given = text.partition(",")
        return {k: v for k, v in {"family": family.strip(), "given": given.strip()}.items() if v}
    words = text.split(" ")
    suffix = ""
    if len(words) > 1 and words[-1].rstrip(".") in {"Jr", "Sr", "II", "III", "IV", "2nd", "3rd"}:
        suffix = words.pop()
    if len(words) == 1:
        name = {"literal": words[0]} if not suffix else {"family": words[0]}
    else:
        name = {"family": words[-1], "given": " ".join(words[:-1])}
    if suffix:
        name["suffix"] = suffix
    return name


def pubmed_name(text: str) -> dict[str, str]:
    """PubMed writes ``"LoPresti PJ"``: family name, then initials without periods."""
    words = " ".join(str(text).split()).split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].rstrip(".") in {"Jr", "Sr", "II", "III", "IV", "2nd", "3rd"}:
        suffix = words.pop()
    if len(words) >= 2 and re.fullmatch(r"[A-Z]{1,4}", words[-1]):
        name = {"family": " ".join(words[:-1]), "given": " ".join(f"{c}." for c in words[-1])}
    else:
        name = {"literal": " ".join(words)}
    if suffix:
        name["suffix"] = suffix
    return name


# "PMID: 25523012" lines: Zotero keeps identifiers it has no field for in Extra, which its
# exports write as a note (Better BibTeX as ``extra``/``note``)
NOTE_IDENTIFIER = re.compile(r"^\s*(PMID|PMCID|DOI)\s*:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)


def identifiers_in_note(text: Any) -> dict[str, str]:
    """``{"PMID": "25523012"}`` from the ``Label: value`` lines of a note (first one wins)."""
    found: dict[str, str] = {}
    for label, value in NOTE_IDENTIFIER.findall(str(text or "")):
        found.setdefault(label.upper(), value)
    return found


def expand_pages(pages: str) -> str:
    """Full page ranges with a hyphen, as AMA wants: ``188-91`` -> ``188-191``, ``411\u2013416`` (en
    dash) -> ``411-416``. Non-numeric ranges (``e76-e77``) only get the hyphen."""
    value = str(pages).strip().replace("\u2013", "-").replace("\u2014", "-").replace("--", "-")
    match = re.fullmatch(r"(\d+)\s*-\s*(\d+)", value)
    if match:
        start, end = match.groups()
        if len(end) < len(start):
            end = start[: len(start) - len(end)] + end
        return f"{start}-{end}"
    return re.sub(r"\s*-\s*", "-", value)


TEXT_FIELDS = (
    "title",
    "container-title",
    "container-title-short",
    "collection-title",
    "publisher",
    "title-short",
    "ISSN",
    "ISBN",
)
NUMBER_FIELDS = ("volume", "issue", "number", "edition", "number-of-pages")


def normalize_item(item: dict[str, Any]) -> dict[str, Any]:
    """A clean CSL item: CSL type, string titles, AMA page ranges, identifiers in canonical
    form, Zotero's field names mapped, unknown fields dropped."""
    item = copy.deepcopy(item)
    _map_zotero_fields(item)
    item["type"] = _csl_type(item.get("type"))
    _clean_values(item)
    for key in NAME_FIELDS:
        if key in item:
            item[key] = _clean_names(item[key])
    _clean_dates(item)
    for variable, value in identifiers_in_note(item.get("note")).items():
        item.setdefault(variable, value)
    _clean_identifiers(item)
    if item.get("updated-by"):
        item["updated-by"] = [_clean_update(u) for u in item["updated-by"] if isinstance(u, dict)]
    return {k: v for k, v in item.items() if k in KEEP_FIELDS and v not in (None, "", [], {})}


def _map_zotero_fields(item: dict[str, Any]) -> None:
    """Zotero's and Crossref's names for the short titles, unless the CSL name is there."""
    if "journalAbbreviation" in item and "container-title-short" not in item:
        item["container-title-short"] = item.pop("journalAbbreviation")
    if "shortTitle" in item and "title-short" not in item:
        item["title-short"] = item.pop("shortTitle")
    if "short-container-title" in item and "container-title-short" not in item:
        item["container-title-short"] = item["short-container-title"]


def _clean_values(item: dict[str, Any]) -> None:
    """Titles and the like as one string, AMA page ranges, volume and issue as strings."""
    for key in TEXT_FIELDS:
        if key in item:
            item[key] = first_text(item[key])
    if item.get("page"):
        item["page"] = expand_pages(item["page"])
    for key in NUMBER_FIELDS:
        if key in item and item[key] not in (None, ""):
            item[key] = str(item[key])


def _clean_dates(item: dict[str, Any]) -> None:
    """Dates as CSL date-parts (or a literal); a date that cannot be read is dropped."""
    for key in DATE_FIELDS:
        if key in item:
            parsed = parse_date(item[key])
            if parsed is None:
                del item[key]
            else:
                item[key] = _clean_date(parsed)


def _csl_type(value: Any) -> str:
    """The CSL type for a CSL or Crossref type name; ``article`` for anything else."""
    kind = str(value or "article")
    kind = CROSSREF_TYPES.get(kind, kind)
    return kind if kind in CSL_TYPES else "article"


def _clean_names(value: Any) -> list[dict[str, str]]:
    """A name list of CSL name objects; "Family, Given" strings split, the rest dropped."""
    names = (_clean_name(name) for name in value) if isinstance(value, list) else ()
    return [name for name in names if name]


def _clean_name(name: Any) -> dict[str, str]:
    if isinstance(name, str):
        name = split_name(name)
    if not isinstance(name, dict):
        return {}
    if "name" in name and not ({"family", "literal"} & name.keys()):
        name = {**name, "literal": name["name"]}
    return {part: str(name[part]).strip() for part in NAME_PARTS if name.get(part)}


def _clean_identifiers(item: dict[str, Any]) -> None:
    """DOI without a resolver prefix (in the author's spelling), canonical PMID and PMCID;
    a value that is not an identifier is kept as written, for the problem report."""
    if item.get("DOI"):
        doi = normalize_doi(item["DOI"])
        item["DOI"] = (
            str(item["DOI"]).strip() if doi is None else strip_doi_prefix(str(item["DOI"]))
        )
    if item.get("PMID"):
        item["PMID"] = normalize_pmid(item["PMID"]) or str(item["PMID"])
    if item.get("PMCID"):
        item["PMCID"] = normalize_pmcid(item["PMCID"]) or str(item["PMCID"])


def _clean_date(value: dict[str, Any]) -> dict[str, Any]:
    if "date-parts" in value:
        parts = [[int(p) for p in value["date-parts"][0] if p not in (None, "")]]
        return {"date-parts": parts} if parts[0] else {}
    return {"literal": str(value.get("literal", ""))}


def _clean_update(update: dict[str, Any]) -> dict[str, Any]:
    """Crossref's ``updated-by`` entry, reduced to what a notice needs."""
    clean = {
        "type": str(update.get("type", "")),
        "label": str(update.get("label", "")),
        "DOI": str(update.get("DOI", "")),
        "source": str(update.get("source", "")),
    }
    parts = date_parts(update, "updated")
    if parts:
        clean["updated"] = {"date-parts": [parts]}
    return {k: v for k, v in clean.items() if v}


def item_isbn(item: dict[str, Any]) -> str | None:
    value = item.get("ISBN")
    if not value:
        return None
    return normalize_isbn(re.split(r"[\s,;]+", str(value).strip())[0])


def plain_text(value: Any) -> str:
    """A field as plain text: inline markup tags removed, entities decoded, and any other
    ``<`` kept (``<5 ng/L`` is a threshold, not a tag)."""
    return markup_to_text(first_text(value))
