"""BibTeX/BibLaTeX entries (as parsed by bibtexparser 2) -> CSL-JSON items.

Zotero with Better BibTeX, JabRef and Mendeley all export BibTeX, so this mapping covers
their field names (``journaltitle``/``journal``, ``shortjournal``/``journal_abbrev``,
``date``/``year``+``month``, ``location``/``address``).
"""

from __future__ import annotations

from typing import Any

from .csl import parse_date

TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "manual": "report",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "misc": "article",
    "unpublished": "manuscript",
    "dataset": "dataset",
    "software": "software",
}
# BibTeX field -> CSL variable, first match wins (so journaltitle beats journal).
FIELDS = [
    ("title", "title"),
    ("shorttitle", "title-short"),
    ("journaltitle", "container-title"),
    ("journal", "container-title"),
    ("booktitle", "container-title"),
    ("shortjournal", "container-title-short"),
    ("journalabbreviation", "container-title-short"),
    ("journal_abbrev", "container-title-short"),
    ("journal-abbreviation", "container-title-short"),
    ("series", "collection-title"),
    ("volume", "volume"),
    ("number", "issue"),
    ("issue", "issue"),
    ("pages", "page"),
    ("edition", "edition"),
    ("publisher", "publisher"),
    ("institution", "publisher"),
    ("school", "publisher"),
    ("organization", "publisher"),
    ("location", "publisher-place"),
    ("address", "publisher-place"),
    ("doi", "DOI"),
    ("pmid", "PMID"),
    ("pmcid", "PMCID"),
    ("isbn", "ISBN"),
    ("issn", "ISSN"),
    ("url", "URL"),
    ("note", "note"),
    ("language", "language"),
    ("type", "genre"),
]
NAMES = {"author": "author", "editor": "editor", "translator": "translator"}


def entry_to_csl(key: str, entry_type: str, fields: dict[str, Any]) -> dict[str, Any]:
    """One entry (field names lower-cased, names already split into parts) as CSL-JSON."""
    item: dict[str, Any] = {"id": key, "type": TYPES.get(entry_type.lower(), "article")}
    for bib_field, csl_field in FIELDS:
        value = fields.get(bib_field)
        if value not in (None, "") and csl_field not in item:
            item[csl_field] = _text(value)
    if entry_type.lower() in {"phdthesis"} and "genre" not in item:
        item["genre"] = "PhD thesis"
    if entry_type.lower() in {"mastersthesis"} and "genre" not in item:
        item["genre"] = "Master's thesis"
    for bib_field, csl_field in NAMES.items():
        if fields.get(bib_field):
            item[csl_field] = [_name(n) for n in fields[bib_field] if _name(n)]
    issued = parse_date(fields.get("date")) if fields.get("date") else None
    if issued is None and fields.get("year"):
        text = _text(fields["year"])
        if fields.get("month"):
            text = f"{_text(fields['month'])} {text}"
            if fields.get("day"):
                text = f"{text} {_text(fields['day'])}"
        issued = parse_date(text)
    if issued:
        item["issued"] = issued
    if fields.get("urldate"):
        item["accessed"] = parse_date(fields["urldate"])
    if "DOI" in item:
        item["DOI"] = item["DOI"].replace("https://doi.org/", "").replace("http://dx.doi.org/", "")
    return item


def _text(value: Any) -> str:
    return " ".join(str(value).replace("{", "").replace("}", "").split())


_decoder = None


def _decode(value: str) -> str:
    """LaTeX accents in names (``M{\\"u}ller``) as Unicode; bibtexparser's decoding
    middleware leaves split names alone."""
    global _decoder
    if "\\" not in value:
        return _text(value)
    if _decoder is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _decoder = LatexNodes2Text()
    return _text(_decoder.latex_to_text(value))


def _name(parts: Any) -> dict[str, str]:
    """bibtexparser's NameParts (first, von, last, jr) -> a CSL name."""
    if isinstance(parts, str):
        from .csl import split_name

        return split_name(parts)
    first = " ".join(getattr(parts, "first", []) or [])
    von = " ".join(getattr(parts, "von", []) or [])
    last = " ".join(getattr(parts, "last", []) or [])
    jr = " ".join(getattr(parts, "jr", []) or [])
    name: dict[str, str] = {}
    if last and not first and not von:
        # "{World Health Organization}" arrives as one last name: an institution
        name["literal" if " " in _text(last) else "family"] = _decode(last)
    else:
        if last:
            name["family"] = _decode(last)
        if first:
            name["given"] = _decode(first)
        if von:
            name["non-dropping-particle"] = _decode(von)
    if jr:
        name["suffix"] = _decode(jr)
    return name
