"""BibTeX/BibLaTeX entries (as parsed by bibtexparser 2) -> CSL-JSON items.

Zotero with Better BibTeX, JabRef and Mendeley all export BibTeX, so this mapping covers
their field names (``journaltitle``/``journal``, ``shortjournal``/``journal_abbrev``,
``date``/``year``+``month``, ``location``/``address``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from typing import Any

from bibtexparser.middlewares.names import split_multiple_persons_names

from .bibtex_names import entry_useprefix, parse_name
from .csl import identifiers_in_note, parse_date

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


# Fields kept verbatim: LaTeX decoding would eat a URL's "%20" as a comment and "~" as a space.
VERBATIM = {
    "url",
    "doi",
    "eprint",
    "eprinttype",
    "file",
    "pmid",
    "pmcid",
    "isbn",
    "issn",
    "urldate",
}
# BibTeX's thesis entry types and biblatex's thesis type keys -> what the reference says
THESIS_TYPES = {
    "phdthesis": "PhD thesis",
    "mastersthesis": "Master's thesis",
    "mathesis": "Master's thesis",
}
# Better BibLaTeX's eprint types -> CSL identifier variables
EPRINT_TYPES = {"pmid": "PMID", "pubmed": "PMID", "pmcid": "PMCID", "pmc": "PMCID", "doi": "DOI"}
NAME_FIX = (
    "write each name as 'Family, Given' or in biblatex's extended format "
    "'family=Cate, given=Olle, prefix=ten, useprefix=true' (parts: family, given, prefix, "
    "suffix), or export the library again from Zotero with Better BibTeX"
)


@dataclass
class Conversion:
    """A CSL item and the mistakes found in its fields, as (field, message, fix)."""

    item: dict[str, Any]
    problems: list[tuple[str, str, str]] = field(default_factory=list)


def entry_to_csl(key: str, entry_type: str, fields: dict[str, Any]) -> Conversion:
    """One entry (field names lower-cased; name fields as lists of names) as CSL-JSON."""
    kind = entry_type.lower()
    item: dict[str, Any] = {"id": key, "type": TYPES.get(kind, "article")}
    result = Conversion(item)
    for bib_field, csl_field in FIELDS:
        value = fields.get(bib_field)
        if value not in (None, "") and csl_field not in item:
            item[csl_field] = _text(value) if bib_field in VERBATIM else _decode(str(value))
    genre = THESIS_TYPES.get(kind) or THESIS_TYPES.get(str(item.get("genre", "")).lower())
    if genre:  # @phdthesis, or biblatex's @thesis{type = {phdthesis}}
        item["genre"] = genre
    _identifiers(item, fields)
    useprefix = entry_useprefix(_text(fields.get("options", "")))
    for bib_field, csl_field in NAMES.items():
        names = fields.get(bib_field)
        if not names:
            continue
        if isinstance(names, str):
            names = split_multiple_persons_names(names)
        item[csl_field] = []
        for written in names:
            parsed = parse_name(str(written), _decode, useprefix=useprefix)
            result.problems.extend((bib_field, message, NAME_FIX) for message in parsed.problems)
            if parsed.name:
                item[csl_field].append(parsed.name)
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
    accessed = fields.get("urldate") or fields.get("accessed") or fields.get("lastchecked")
    if accessed:
        item["accessed"] = parse_date(_text(accessed))
    if kind == "misc" and item.get("URL") and "container-title" not in item:
        item["type"] = "webpage"  # a web page exported as @misc{..., howpublished/url}
    if item["type"] == "webpage" and "container-title" not in item:
        site = fields.get("organization") or fields.get("howpublished")
        if site and not str(site).lstrip().startswith("\\url"):
            item["container-title"] = _decode(str(site))  # AMA names the site
    if "DOI" in item:
        item["DOI"] = item["DOI"].replace("https://doi.org/", "").replace("http://dx.doi.org/", "")
    return result


def _identifiers(item: dict[str, Any], fields: dict[str, Any]) -> None:
    """PMIDs and PMCIDs from ``eprint``/``eprinttype`` and from Zotero's Extra lines."""
    kind = _text(fields.get("eprinttype", "")).lower()
    variable = EPRINT_TYPES.get(kind)
    if variable and fields.get("eprint") and variable not in item:
        item[variable] = _text(fields["eprint"])
    for name in ("extra", "note", "annote", "annotation"):
        for variable, value in identifiers_in_note(fields.get(name)).items():
            item.setdefault(variable, value)


def _text(value: Any) -> str:
    return " ".join(str(value).replace("{", "").replace("}", "").split())


_decoder = None
_BARE = re.compile(r"(?<!\\)([&%#])")


def _decode(value: str) -> str:
    """LaTeX (accents ``M{\\"u}ller``, ``\\&``) as Unicode text.

    A bare ``&``, ``%`` or ``#`` is kept as the character: Zotero users type "Feedback &
    coaching" and mean the ampersand, where LaTeX would drop it (or the rest of the line)."""
    global _decoder
    if not any(c in value for c in "\\$~&%#"):
        return _text(value)
    if _decoder is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _decoder = LatexNodes2Text()
    return _text(_decoder.latex_to_text(_BARE.sub(r"\\\1", value)))
