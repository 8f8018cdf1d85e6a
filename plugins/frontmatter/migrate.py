"""Map front matter written for Jekyll/al-folio, Hugo, Quarto or WordPress exports to ours.

Educators move blogs from other tools and paste their posts as they are. Each tool spells
the same idea differently (``lastmod`` or ``date-modified`` for ``modified``, ``cover`` or
``featured_image`` for ``image``, structured author entries with ORCID iDs), keeps dates
and slugs in file names (``2024-03-05-my-post.md``, ``my-post/index.md``) and has fields
that mean nothing on this site (``layout``, ``weight``). This module rewrites the raw
header values into the fields the site knows before they are checked, so a migrated post
builds without edits, and says what it could not carry over. It is pure: values in,
values and problems out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import datetime as dt
from pathlib import Path
import re
from typing import Any

from meded_core import Problem, declared_fields
from meded_core.people import NamedPerson

from .parsing import FrontMatter, as_text

# Other tools' names for our fields (first one present wins; ours always win).
ALIASES: dict[str, tuple[str, ...]] = {
    "summary": ("description", "excerpt", "abstract"),
    "modified": ("lastmod", "last_modified_at", "date-modified", "updated", "modified_date"),
    "date": ("publishdate", "date-published", "pubdate"),
}

# Other tools' names for the post's image, in order of preference.
IMAGE_ALIASES = (
    "image",
    "cover",
    "featured_image",
    "featuredimage",
    "featured-image",
    "coverimage",
    "cover_image",
    "thumbnail",
    "images",
)
IMAGE_TEXT_KEYS = {
    "alt": ("alt", "image-alt", "image_alt", "alt_text"),
    "caption": ("caption", "image-caption", "image_caption"),
    "credit": ("credit", "image-credit", "image_credit"),
}

# Fields of other tools that have no meaning on this site: accepted, noted, never a problem.
FOREIGN_FIELDS = frozenset(
    """
    layout permalink weight type toc toc-depth toc_depth toc-title toc_sticky tocopen showtoc
    comments giscus_comments disqus_comments related_posts related sitemap menu menus aliases
    redirect_from redirect_to format editor execute jupyter engine knitr freeze number-sections
    code-fold code-tools title-block-banner title-block-style lightbox reference-location
    citation-location citation google-scholar appendix-style filters crossref search
    excerpt_separator guid author_profile read_time share header classes sidebar featured
    pin pinned hidden_from_home math mathjax katex markup outputs expirydate linktitle
    series subtitle keywords resources cascade _build build headless nav_order parent
    has_children tocsidebar showreadingtime showbreadcrumbs showpostnavlinks disableshare
    hidemeta hidesummary searchhidden showwordcount ShowRssButtonInSectionTermList
    img_path mermaid chart pretty_table tabs typograms pseudocode thumbnail_alt
    """.lower().split()
)

DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\b(.*)$")
YEAR_FIRST_DATE = re.compile(r"^\s*(\d{4})([./])(\d{1,2})\2(\d{1,2})\b(.*)$")
BUNDLE_INDEX = {"index", "_index"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


@dataclass
class Migration:
    """What the mapping found: problems (warnings), notes (informational) and identities."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    identities: list[NamedPerson] = field(default_factory=list)


def migrate(
    front: FrontMatter,
    source_path: str,
    *,
    date_fields: set[str],
    slugify: Callable[[str], str],
    content_root: str | None = None,
) -> Migration:
    """Rewrite ``front.values`` (and ``front.lines``) in place into this site's fields."""
    result = Migration()
    values, lines = front.values, front.lines
    _rename_aliases(values, lines)
    _authors(values, lines, source_path, result)
    if "layout" in values or DATE_PREFIX.match(Path(source_path).stem):
        _jekyll_word_lists(values)
    _categories(values, lines)
    _image(values, lines)
    if content_root and "image" in values:
        values["image"] = _image_beside_post(values["image"], source_path, content_root)
    _file_name(values, source_path, slugify)
    for key in sorted(date_fields & set(values)):
        _check_date(key, values, lines, source_path, result)
    # A field a plugin declares has a meaning here (series:, for one), whatever other tools
    # use the name for.
    known = declared_fields()
    ignored = sorted(key for key in values if key in FOREIGN_FIELDS and key not in known)
    for key in ignored:
        values.pop(key)
    if ignored:
        result.notes.append(
            "fields of other blog tools with no meaning here were ignored: " + ", ".join(ignored)
        )
    return result


def _move(values: dict[str, Any], lines: dict[str, int], old: str, new: str) -> None:
    values[new] = values.pop(old)
    if old in lines:
        lines.setdefault(new, lines[old])


def _rename_aliases(values: dict[str, Any], lines: dict[str, int]) -> None:
    for ours, theirs in ALIASES.items():
        for alias in theirs:
            if alias not in values:
                continue
            if ours not in values or values[ours] in (None, ""):
                _move(values, lines, alias, ours)
            else:
                values.pop(alias)


# --- Authors ------------------------------------------------------------------------------


def _authors(values, lines, source_path: str, result: Migration) -> None:
    """Structured author entries (al-folio ``authors:``, Quarto ``author:``) become names."""
    if isinstance(values.get("author"), list | dict) and "authors" not in values:
        _move(values, lines, "author", "authors")
    if isinstance(values.get("authors"), dict):
        values["authors"] = [values["authors"]]
    entries = values.get("authors")
    if not isinstance(entries, list):
        return
    names: list[Any] = []
    for entry in entries:
        if not isinstance(entry, dict):
            names.append(entry)
            continue
        person = _person(entry)
        if person is None:
            result.problems.append(
                Problem(
                    source_path,
                    "an author entry has no name; it was left out",
                    "give each entry a name, e.g. '- name: Maya Okafor'",
                    line=lines.get("authors"),
                    field="authors",
                )
            )
            continue
        names.append(person.name)
        result.identities.append(person)
    values["authors"] = names


def _person(entry: dict[str, Any]) -> NamedPerson | None:
    raw = entry.get("name")
    if isinstance(raw, dict):  # Quarto: name: {given: , family: } or {literal: }
        raw = raw.get("literal") or " ".join(
            str(raw[part]) for part in ("given", "dropping-particle", "family") if raw.get(part)
        )
    name = " ".join(str(raw or "").split())
    if not name:
        return None
    orcid = entry.get("orcid") or entry.get("orcid_id")
    return NamedPerson(
        name=name,
        orcid=str(orcid).strip() if orcid else None,
        affiliations=tuple(_affiliations(entry)),
    )


def _affiliations(entry: dict[str, Any]) -> list[str]:
    found = entry.get("affiliations", entry.get("affiliation"))
    items = found if isinstance(found, list) else [found] if found else []
    names = []
    for item in items:
        text = item.get("name") if isinstance(item, dict) else item
        if text:
            names.append(" ".join(str(text).split()))
    return names


# --- Categories and tags ------------------------------------------------------------------


def _jekyll_word_lists(values) -> None:
    """Jekyll splits ``tags: a b`` and ``categories: a b`` at spaces; so do we, for posts
    that are Jekyll's (a ``layout`` field or a dated file name) and use no commas."""
    for key in ("tags", "categories"):
        value = values.get(key)
        if isinstance(value, str) and "," not in value:
            values[key] = value.split()


def _categories(values, lines) -> None:
    """``categories`` (a list): the first becomes the category, the rest join the tags."""
    if "categories" not in values:
        return
    raw = values.pop("categories")
    line = lines.get("categories")
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) and raw else []
    if isinstance(raw, str) and "," in raw:
        items = raw.split(",")
    items = [" ".join(as_text(item).split()) for item in items if item not in (None, "")]
    items = [item for item in items if item]
    if not items:
        return
    if values.get("category") in (None, ""):
        values["category"] = items.pop(0)
        if line:
            lines.setdefault("category", line)
    tags = values.get("tags")
    tags = tags if isinstance(tags, list) else [t.strip() for t in str(tags or "").split(",")]
    merged = [t for t in tags if str(t).strip()]
    for item in items:
        if item.casefold() not in {str(t).casefold() for t in merged}:
            merged.append(item)
    if merged:
        values["tags"] = merged
        if line:
            lines.setdefault("tags", line)


# --- Image --------------------------------------------------------------------------------


def _image(values, lines) -> None:
    """``cover``/``featured_image``/``coverImage``/… become ``image`` (a path, or a mapping)."""
    key = next((k for k in IMAGE_ALIASES if values.get(k) not in (None, "", [], {})), None)

    def top_text(k: str) -> bool:
        """Top-level text (a ``credit:`` mapping is CRediT roles, not the image credit)."""
        return k != "alt" and k in values and not isinstance(values[k], dict | list)

    texts = {
        part: next((values.pop(k) for k in keys if top_text(k)), None)
        for part, keys in IMAGE_TEXT_KEYS.items()
    }
    if key is None:
        for alias in IMAGE_ALIASES:
            if alias != "image":
                values.pop(alias, None)
        return
    raw = values[key]
    line = lines.get(key)
    for alias in IMAGE_ALIASES:
        values.pop(alias, None)
    if isinstance(raw, list):
        raw = raw[0]
    if isinstance(raw, dict):
        src = raw.get("src") or raw.get("image") or raw.get("path") or raw.get("url")
        for part, keys in IMAGE_TEXT_KEYS.items():
            texts[part] = texts[part] or next((raw[k] for k in keys if raw.get(k)), None)
    else:
        src = raw
    if not src:
        return
    extra = {part: str(text) for part, text in texts.items() if text}
    values["image"] = {"src": str(src), **extra} if extra else str(src)
    if line:
        lines["image"] = line


def _image_beside_post(image: Any, source_path: str, content_root: str) -> Any:
    """A relative image path that names a file beside the post (a Hugo page bundle's
    ``cover.jpg``) becomes its path under ``content/``, the form the site uses."""
    src = image.get("src") if isinstance(image, dict) else image
    if not isinstance(src, str) or re.match(r"^[a-z][a-z0-9+.-]*:|^/|^\{", src, re.I):
        return image
    folder = Path(source_path).parent
    # wordpress-export-to-markdown names the cover file; it saves it in the images/ folder
    beside = next((p for p in (folder / src, folder / "images" / src) if p.is_file()), None)
    if beside is None:
        return image
    try:
        relative = beside.resolve().relative_to(Path(content_root).resolve())
    except ValueError:
        return image
    return {**image, "src": relative.as_posix()} if isinstance(image, dict) else relative.as_posix()


# --- File names: Jekyll date prefixes and Hugo page bundles --------------------------------


def _file_name(values, source_path: str, slugify: Callable[[str], str]) -> None:
    path = Path(source_path)
    stem = path.stem
    if stem.lower() in BUNDLE_INDEX:
        stem = path.parent.name  # Hugo page bundle: my-post/index.md is "my-post"
    match = DATE_PREFIX.match(stem)
    if match:
        year, month, day, stem = match.groups()
        if values.get("date") in (None, ""):
            values["date"] = f"{year}-{month}-{day}"
    if (match or stem != path.stem) and values.get("slug") in (None, ""):
        values["slug"] = slugify(stem)


# --- Dates --------------------------------------------------------------------------------


def _check_date(key: str, values, lines, source_path: str, result: Migration) -> None:
    """Numeric dates other than ISO 8601: unambiguous ones are read, ambiguous ones reported.

    ``03/04/2024`` is 3 April in most of the world and 4 March in the US; reading it either
    way silently moves a post. Such a date is read day first (as ``05.06.2024`` always is)
    and reported with both ISO spellings, so the author picks the one they meant.
    """
    value = values[key]
    if not isinstance(value, str):
        return
    year_first = YEAR_FIRST_DATE.match(value)
    if year_first:
        year, _sep, month, day, rest = year_first.groups()
        values[key] = f"{year}-{int(month):02d}-{int(day):02d}{rest}"
        return
    match = NUMERIC_DATE.match(value)
    if not match:
        return
    first, _separator, second, year, rest = match.groups()
    a, b = int(first), int(second)
    short_year = len(year) == 2
    if short_year:
        year = f"20{year}"
    day, month = (b, a) if b > 12 else (a, b)
    if (a <= 12 and b <= 12 and a != b) or short_year:
        options = []
        for d, m in ((a, b), (b, a)):
            if _valid(int(year), m, d) and (d, m) not in [o[:2] for o in options]:
                options.append((d, m, f"{year}-{m:02d}-{d:02d}"))
        spelled = " or ".join(f"{d} {MONTHS[m - 1]} {year}" for d, m, _ in options)
        fixes = ", or ".join(f"write {iso} for {d} {MONTHS[m - 1]}" for d, m, iso in options)
        result.problems.append(
            Problem(
                source_path,
                f"the date '{value}' is ambiguous ({spelled}); it was read day first",
                f"{fixes} (YYYY-MM-DD)",
                line=lines.get(key),
                field=key,
            )
        )
    if not _valid(int(year), month, day):
        return  # left for the reader, which reports an impossible date
    values[key] = f"{year}-{month:02d}-{day:02d}{rest}"


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
