"""Reference-manager formats: BibTeX, RIS and CSL-JSON, from CSL items.

Used for "Cite this post" (the post as one record) and for downloading a post's whole
reference list, so readers can drop them into Zotero, EndNote or Mendeley.
"""

from __future__ import annotations

import json
import re
from typing import Any
import unicodedata
from urllib.parse import quote, urlsplit

from meded_core.identifiers import normalize_doi

from .csl import date_parts, date_text, family_name, per_item, plain_text, year_of
from .metadata import inverted_name

BIBTEX_TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "webpage": "online",
    "post-weblog": "online",
    "post": "online",
    "dataset": "misc",
    "software": "misc",
}
RIS_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "post": "BLOG",
    "dataset": "DATA",
    "software": "COMP",
}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def citation_key(item: dict[str, Any], fallback: str = "ref") -> str:
    """``choo2015twitter``-style key: first author, year, first title word (ASCII)."""
    names = item.get("author") or item.get("editor") or []
    family = (names[0].get("family") or names[0].get("literal") or "") if names else ""
    words = [
        w for w in re.findall(r"[A-Za-z]+", _ascii(plain_text(item.get("title")))) if len(w) > 3
    ]
    key = (
        re.sub(r"[^a-z0-9]", "", _ascii(family).lower())
        + year_of(item)
        + (words[0].lower() if words else "")
    )
    return key or fallback


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def one_line(value: Any) -> str:
    """Every line break and run of whitespace (Unicode line and paragraph separators too)
    as one space: a value can never start another RIS line or BibTeX entry."""
    return " ".join(str(value).split())


def web_url(value: Any) -> str | None:
    """An http(s) URL fit for a download's URL field, or None (``javascript:`` and other
    schemes are never exported). Characters that could end the field are percent-encoded."""
    url = one_line(value)
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return None
    return quote(url, safe="/:?#[]@!$&'()*+,;=%~.-_")


def _bibtex_value(text: str) -> str:
    text = plain_text(text)
    text = text.replace("\\", "\\textbackslash{}")
    text = re.sub(r"([%&$#_])", r"\\\1", text)
    return _bibtex_braces(text)


def _bibtex_braces(text: str) -> str:
    """Braces in text, written so the field's braces stay balanced.

    BibTeX counts braces whatever precedes them, so a title with a stray ``}`` would end
    the field early and the rest of the title would be read as new fields. A matched
    pair becomes ``\\{ \\}``; a brace without its partner becomes ``\\textbraceleft{}``
    or ``\\textbraceright{}``.
    """
    if "{" not in text and "}" not in text:
        return text
    pieces = re.split(r"(\\textbackslash\{\}|[{}])", text)
    opened: list[int] = []
    unmatched: set[int] = set()
    for index, piece in enumerate(pieces):
        if piece == "{":
            opened.append(index)
        elif piece == "}":
            if opened:
                opened.pop()
            else:
                unmatched.add(index)
    unmatched.update(opened)
    names = {"{": "\\textbraceleft{}", "}": "\\textbraceright{}"}
    return "".join(
        (names[p] if i in unmatched else "\\" + p) if p in names else p
        for i, p in enumerate(pieces)
    )


def _bibtex_name(name: dict[str, str]) -> str:
    if name.get("literal"):
        return "{" + _bibtex_value(name["literal"]) + "}"
    parts = [_bibtex_value(family_name(name))]
    if name.get("suffix"):
        parts.append(_bibtex_value(name["suffix"]))
    if name.get("given"):
        parts.append(_bibtex_value(name["given"]))
    return ", ".join(parts)


def to_bibtex(items: list[tuple[str, dict[str, Any]]], memo: dict | None = None) -> str:
    """``(key, item)`` pairs as BibTeX (UTF-8; BibLaTeX-style @online for web pages).
    ``memo`` keeps each item's fields across calls (a work cited by many posts)."""
    memo = {} if memo is None else memo
    used: set[str] = set()
    blocks = []
    for key, item in items:
        key = re.sub(r"[^A-Za-z0-9_:.\-]", "", key) or citation_key(item)
        base, n = key, 1
        while key in used:
            n += 1
            key = f"{base}{chr(ord('a') + n - 1)}"
        used.add(key)
        kind, body = per_item(memo, item, _bibtex_fields)
        blocks.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(blocks)


def _bibtex_fields(item: dict[str, Any]) -> tuple[str, str]:
    fields: list[tuple[str, str]] = []
    for role in ("author", "editor"):
        if item.get(role):
            fields.append((role, " and ".join(_bibtex_name(n) for n in item[role])))
    fields.append(("title", _bibtex_value(item.get("title", ""))))
    kind = item.get("type", "")
    container = item.get("container-title")
    if container:
        name = {
            "article": "journal",
            "incollection": "booktitle",
            "inproceedings": "booktitle",
            "online": "organization",
        }.get(BIBTEX_TYPES.get(kind, "misc"), "howpublished")
        fields.append((name, _bibtex_value(container)))
        if name == "organization":  # Zotero imports @online's site name only from journaltitle
            fields.append(("journaltitle", _bibtex_value(container)))
    for csl_field, bib_field in (
        ("container-title-short", "shortjournal"),
        ("volume", "volume"),
        ("issue", "number"),
        ("page", "pages"),
        ("publisher", "publisher"),
        ("publisher-place", "address"),
        ("edition", "edition"),
        ("DOI", "doi"),
        ("URL", "url"),
        ("ISBN", "isbn"),
        ("ISSN", "issn"),
        ("PMID", "pmid"),
        ("PMCID", "pmcid"),
    ):
        if item.get(csl_field):
            value = str(item[csl_field])
            if csl_field == "page":
                value = value.replace("-", "--")
            if csl_field == "URL":
                value = web_url(value)
            elif csl_field == "DOI":  # a verbatim field: a real DOI, its braces encoded
                doi = one_line(value) if normalize_doi(value) else ""  # its own spelling
                value = re.sub(r"[{}\\%]", lambda m: quote(m.group(0)), doi)
            else:
                value = _bibtex_value(value)
            if value:
                fields.append((bib_field, value))
    parts = date_parts(item)
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1 and 1 <= parts[1] <= 12:
            fields.append(("month", MONTHS[parts[1] - 1]))
        fields.append(("date", date_text(parts)))
    accessed = date_parts(item, "accessed")
    if accessed:
        fields.append(("urldate", date_text(accessed)))
    body = ",\n".join(
        f"  {name} = {value}" if name in {"year", "month"} else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return BIBTEX_TYPES.get(kind, "misc"), body


def to_ris(items: list[dict[str, Any]], memo: dict | None = None) -> str:
    """Items as RIS records (CRLF line ends, as EndNote expects)."""
    memo = {} if memo is None else memo
    records = [per_item(memo, item, _ris_record) for item in items]
    return "\r\n\r\n".join(records) + "\r\n"


def _ris_record(item: dict[str, Any]) -> str:
    """One RIS record; a tag whose value is empty is left out."""
    lines = [("TY", RIS_TYPES.get(item.get("type", ""), "GEN"))]
    # names as "Family, Given, Suffix", as RIS wants them
    lines += [("AU", inverted_name(name)) for name in item.get("author") or []]
    lines += [("A2", inverted_name(name)) for name in item.get("editor") or []]
    lines.append(("TI", plain_text(item.get("title"))))
    lines.append(("T2", plain_text(item.get("container-title"))))
    lines.append(("J2", plain_text(item.get("container-title-short"))))
    parts = date_parts(item)
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", date_text(parts, "/") + ("/" if len(parts) < 3 else "")))
    for csl_field, tag in (
        ("volume", "VL"),
        ("issue", "IS"),
        ("publisher", "PB"),
        ("publisher-place", "CY"),
        ("edition", "ET"),
        ("DOI", "DO"),
        ("URL", "UR"),
        ("ISBN", "SN"),
        ("ISSN", "SN"),
    ):
        if item.get(csl_field):
            value = item[csl_field]
            lines.append((tag, web_url(value) if tag == "UR" else plain_text(str(value))))
    first, _, last = str(item.get("page") or "").partition("-")
    lines += [("SP", first), ("EP", last)]
    if item.get("PMID"):
        lines.append(("AN", f"PMID: {item['PMID']}"))
    if item.get("PMCID"):
        lines.append(("C2", str(item["PMCID"])))
    lines.append(("N1", doi_note(item)))
    accessed = date_parts(item, "accessed")
    if accessed:
        lines.append(("Y2", date_text(accessed, "/")))
    lines.append(("ER", ""))
    lines = [(tag, one_line(value or "")) for tag, value in lines]
    return "\r\n".join(
        f"{tag}  - {value}".rstrip() if tag == "ER" else f"{tag}  - {value}"
        for tag, value in lines
        if value or tag == "ER"
    )


# CSL types that reference managers import without a DOI field (Zotero's blog post and web
# page): the DOI also goes into a "DOI: …" note, which Zotero keeps in Extra.
NO_DOI_FIELD = {"post-weblog", "webpage", "post"}


def doi_note(item: dict[str, Any]) -> str:
    if item.get("DOI") and item.get("type") in NO_DOI_FIELD:
        return f"DOI: {item['DOI']}"
    return ""


def to_csl_json(items: list[dict[str, Any]]) -> str:
    clean = [{k: v for k, v in item.items() if k != "updated-by"} for item in items]
    for item in clean:
        if doi_note(item) and not item.get("note"):
            item["note"] = doi_note(item)
    return json.dumps(clean, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
