"""The author registry: ``content/authors.yml`` read once per build into :class:`Author` records.

Why one file: credit must be identical everywhere a reader, a search engine or a social
network looks (bylines, author pages, feeds, Scholar tags, JSON-LD, share text, reviewer
credit), so every place reads the same validated record. Reading is pure: mistakes become
:class:`~meded_core.Problem` objects (file, line, field, fix) kept on the registry, reported
by the plugin at the start of each build, and never raise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import difflib
from functools import partial
import hashlib
from pathlib import Path
import re
from typing import Any

from markupsafe import Markup
from meded_core import Problem
from meded_core.identifiers import normalize_orcid, orcid_url, ror_url
from meded_core.lookalike import lookalike_key
from meded_core.names import PersonName, default_parts
from meded_core.safe_load import compose_yaml
import yaml

from .bio import render_bio
from .settings import SETTINGS
from .validators import HANDLE_CHECKS, PROFILES, Checked, check_orcid, check_ror, check_url_or_file

FIELDS = (
    "name",
    "given",
    "family",
    "particle",
    "suffix",
    "literal",
    "organization",
    "degrees",
    "role",
    "affiliation",
    "ror",
    "bio",
    "photo",
    "x",
    "bluesky",
    "mastodon",
    "orcid",
    "linkedin",
    "website",
    "disclosures",
)
# Names people reach for from other tools, and the field that means the same here.
ALIASES = {
    "twitter": "x",
    "bsky": "bluesky",
    "fediverse": "mastodon",
    "url": "website",
    "homepage": "website",
    "image": "photo",
    "avatar": "photo",
    "affiliations": "affiliation",
    "institution": "affiliation",
    "title": "role",
    "postnominals": "degrees",
    "credentials": "degrees",
    "coi": "disclosures",
    "given_name": "given",
    "first_name": "given",
    "givenname": "given",
    "family_name": "family",
    "last_name": "family",
    "surname": "family",
    "familyname": "family",
    "organisation": "organization",
    "conflicts": "disclosures",
    "disclosure": "disclosures",
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ProfileLink:
    """One profile of a person: shown as an icon link, listed in JSON-LD ``sameAs``."""

    kind: str  # website, x, bluesky, mastodon, linkedin, orcid
    network: str  # the network's name for accessible labels ("Mastodon")
    url: str
    text: str  # the handle as people write it ("@maya@med-mastodon.com")
    local: bool = False  # a file on this site: templates prefix SITEURL


@dataclass(frozen=True)
class Author:
    slug: str
    name: str
    degrees: str = ""
    role: str = ""
    affiliation: str = ""
    ror: str | None = None
    bio: str = ""
    bio_html: Markup = field(default_factory=Markup)
    photo: str | None = None
    x: str | None = None
    bluesky: str | None = None
    mastodon: str | None = None
    orcid: str | None = None
    linkedin: str | None = None
    website: str | None = None
    disclosures: str | None = None
    photo_local: bool = False
    website_local: bool = False
    in_registry: bool = True  # False for a name a post used that the registry does not know
    line: int | None = None  # line of the entry in authors.yml
    parts: PersonName | None = None  # explicit name parts from the registry

    @property
    def name_parts(self) -> PersonName:
        """Given, family and particle (or a one-field name) for every citation format."""
        return self.parts or default_parts(self.name)

    @property
    def display_name(self) -> str:
        """The name with postnominals ("Name, Degrees"), as bylines and feeds credit the person."""
        return f"{self.name}, {self.degrees}" if self.degrees else self.name

    @property
    def url(self) -> str:
        return f"authors/{self.slug}/"

    @property
    def orcid_url(self) -> str | None:
        return orcid_url(self.orcid) if self.orcid else None

    @property
    def ror_url(self) -> str | None:
        return ror_url(self.ror) if self.ror else None

    @property
    def family_name(self) -> str:
        """The family name without its particle, for sorting ("Berg" for Zoë van der Berg)."""
        parts = self.name_parts
        return parts.family or parts.text

    @property
    def links(self) -> list[ProfileLink]:
        """Every profile in a stable order (website, X, Bluesky, Mastodon, LinkedIn, ORCID)."""
        found = []
        if self.website:
            text = self.website.split("://", 1)[-1].rstrip("/")
            found.append(ProfileLink("website", "website", self.website, text, self.website_local))
        for kind, (network, url, text) in PROFILES.items():
            handle = getattr(self, kind)
            if handle:
                found.append(ProfileLink(kind, network, url(handle), text(handle)))
        if self.orcid:
            found.append(ProfileLink("orcid", "ORCID", self.orcid_url, self.orcid_url))
        return found

    def same_as(self, root: str) -> list[str]:
        """Absolute profile URLs for JSON-LD ``sameAs``."""
        return [f"{root}/{link.url}" if link.local else link.url for link in self.links]


def unknown_author(name: str, slug: str) -> Author:
    """A stand-in record for a name the registry does not know, so credit is never dropped."""
    return Author(slug=slug, name=name, in_registry=False)


def _key(text: Any) -> str:
    return " ".join(str(text).casefold().replace("\u00a0", " ").split())


@dataclass
class Registry:
    """All people in ``authors.yml`` (file order), looked up by slug, name or display name."""

    source: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _index: dict[str, str] = field(default_factory=dict, repr=False)
    # suggest() answers, memoised: a mistyped name usually recurs in many posts of one build
    _suggested: dict[tuple[str, int], list[str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for slug, author in self.authors.items():
            for key in (slug, author.name, author.display_name):
                self._index.setdefault(_key(key), slug)

    def __iter__(self):
        return iter(self.authors.values())

    def __len__(self) -> int:
        return len(self.authors)

    def __contains__(self, key: object) -> bool:
        return self.get(str(key)) is not None

    def get(self, slug_or_name: str | None) -> Author | None:
        """The person named by slug (``maya-okafor``), name or display name; case-insensitive."""
        if not slug_or_name:
            return None
        key = _key(slug_or_name).lstrip("@")
        slug = self._index.get(key) or self._index.get(_key(slugish(key)))
        return self.authors.get(slug) if slug else None

    def by_orcid(self, orcid: str | None) -> Author | None:
        """The person with this ORCID iD (bare or as an https://orcid.org/ URL), if any."""
        wanted = normalize_orcid(str(orcid)) if orcid else None
        if wanted is None:
            return None
        return next((a for a in self.authors.values() if a.orcid == wanted), None)

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Slugs of the registry people whose slug or name is closest to ``text``."""
        key = _key(text)
        if (key, limit) in self._suggested:
            return list(self._suggested[key, limit])
        candidates: dict[str, str] = {}
        for slug, author in self.authors.items():
            for option in (slug, _key(author.name), _key(author.family_name)):
                candidates.setdefault(option, slug)
        found: list[str] = []
        for match in difflib.get_close_matches(key, list(candidates), n=limit * 3, cutoff=0.5):
            slug = candidates[match]
            if slug not in found:
                found.append(slug)
        self._suggested[key, limit] = found[:limit]
        return found[:limit]

    def describe(self, slugs: list[str]) -> str:
        """``maya-okafor (Maya Okafor)`` for each slug, for problem messages."""
        return ", ".join(
            f"{slug} ({self.authors[slug].name})" for slug in slugs if slug in self.authors
        )


def slugish(text: str) -> str:
    """Lower-case letters and digits joined by hyphens: the shape of a registry slug."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# --- Reading ------------------------------------------------------------------------------------


def parse_registry(text: str, source: str, content_root: Path | None = None) -> Registry:
    """Parse the registry's YAML text; every mistake becomes a Problem, never an exception."""
    problems: list[Problem] = []

    def problem(message: str, fix: str, line: int | None, field: str | None = None) -> None:
        problems.append(Problem(source, message, fix, line=line, field=field))

    try:
        node = compose_yaml(text, yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problem(
            f"the author registry is not valid YAML ({what}); no author records were read",
            "check the indentation and quoting around that line; values containing ': ' or starting with @ need quotes",
            mark.line + 1 if mark is not None else None,
        )
        return Registry(source, {}, problems)
    if node is None:
        return Registry(source, {}, problems)
    if not isinstance(node, yaml.MappingNode):
        problem(
            "the author registry must be a set of entries keyed by slug",
            "start each person with a line like 'maya-okafor:' and indent their fields under it",
            1,
        )
        return Registry(source, {}, problems)

    authors: dict[str, Author] = {}
    first_lines: dict[str, int] = {}
    names: dict[str, str] = {}
    constructor = yaml.SafeLoader("")
    for key_node, value_node in node.value:
        raw_slug = str(key_node.value)
        entry_line = key_node.start_mark.line + 1
        # PyYAML would silently keep the last of two equal keys; say so instead.
        if raw_slug in first_lines:
            problem(
                f"the slug '{raw_slug}' appears twice (first on line {first_lines[raw_slug]}); this entry was ignored",
                "merge the two entries into one; slugs must be unique",
                entry_line,
            )
            continue
        first_lines[raw_slug] = entry_line
        field_lines: dict[str, int] = {}
        if isinstance(value_node, yaml.MappingNode):
            for field_node, _ in value_node.value:
                field_lines.setdefault(
                    str(field_node.value).lower(), field_node.start_mark.line + 1
                )
        try:
            entry = constructor.construct_object(value_node, deep=True)
        except yaml.YAMLError as exc:  # e.g. an unknown !tag
            mark = getattr(exc, "problem_mark", None)
            problem(
                f"{raw_slug}: cannot read this entry ({getattr(exc, 'problem', None) or exc}); it was ignored",
                "write plain 'field: value' lines",
                mark.line + 1 if mark is not None else entry_line,
            )
            continue
        author = _read_entry(
            raw_slug, entry, source, entry_line, field_lines, content_root, problems
        )
        if author is None:
            continue
        if author.slug in authors:
            problem(
                f"two entries have the slug '{author.slug}'; this entry was ignored",
                "give each person one entry; slugs must be unique",
                entry_line,
            )
            continue
        name_key = lookalike_key(author.name)  # look-alike characters count as the same
        if name_key in names:
            other = authors[names[name_key]].name
            alike = ""
            if _key(other) != _key(author.name):
                alike = f" (it looks the same as '{other}' but differs in look-alike or invisible characters)"
            problem(
                f"'{author.name}' is already registered as '{names[name_key]}'{alike}; this entry was ignored",
                "keep one entry per person (if two people share a name, tell them apart, e.g. with a middle initial)",
                field_lines.get("name", entry_line),
                "name",
            )
            continue
        names[name_key] = author.slug
        authors[author.slug] = author
    return Registry(source, authors, problems)


def _scalar(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v).strip() for v in value if v is not None)
    return str(value).strip()


def _read_entry(
    raw_slug, entry, source, line, field_lines, content_root, problems
) -> Author | None:
    def problem(message: str, fix: str, field_name: str | None = None) -> None:
        where = field_lines.get(field_name, line) if field_name else line
        problems.append(
            Problem(source, f"{raw_slug}: {message}", fix, line=where, field=field_name)
        )

    slug = raw_slug
    if not SLUG.match(slug):
        slug = slugish(raw_slug)
        problem(
            f"the slug '{raw_slug}' should be lower-case letters, digits and hyphens; using '{slug}'",
            f"rename the entry to '{slug}:' (it becomes the author page address authors/{slug}/)",
        )
        if not slug:
            return None
    if not isinstance(entry, dict):
        problem(
            "this entry has no fields; it was ignored",
            "indent at least 'name: Full Name' under the slug",
        )
        return None

    values: dict[str, Any] = {}
    for key, value in entry.items():
        name = str(key).lower()
        if name in FIELDS:
            if value is not None and _scalar(value):
                if isinstance(value, dict):
                    problem(
                        "expected a single value, not nested fields; ignored",
                        f"write it as '{name}: value'",
                        name,
                    )
                    continue
                values[name] = _scalar(value)
            continue
        if name in ALIASES:
            hint = f"this registry calls it '{ALIASES[name]}'; rename the field"
        else:
            close = difflib.get_close_matches(name, FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(FIELDS)
        problem(f"unknown field '{key}' was ignored", hint, name)

    if not values.get("name"):
        problem(
            "the entry has no name; it was ignored",
            "add 'name: Full Name' (without degrees)",
            "name",
        )
        return None

    values["parts"] = _name_parts(values, problem)

    local = {}
    for name, (check, fix) in field_checks(content_root).items():
        if name not in values:
            continue
        checked = check(values[name])
        if checked.error:
            problem(checked.error + "; it is not shown", fix, name)
            values.pop(name)
            continue
        values[name] = checked.value
        if checked.local:
            local[f"{name}_local"] = True

    return Author(
        slug=slug,
        bio_html=render_bio(values.get("bio")),
        line=line,
        **local,
        **values,
    )


def field_checks(content_root: Path | None) -> dict[str, tuple[Callable[[Any], Checked], str]]:
    """The checked fields, in the order their problems are listed, and how to fix each."""
    links = "use a full https:// address or a path such as images/authors/name.jpg"
    return {
        **{name: (check, "fix or remove the value") for name, check in HANDLE_CHECKS.items()},
        "orcid": (check_orcid, "copy the iD from your ORCID record page (https://orcid.org/...)"),
        "ror": (check_ror, "copy the ID from the organisation's page on https://ror.org"),
        "photo": (partial(check_url_or_file, content_root=content_root, kind="photo"), links),
        "website": (partial(check_url_or_file, content_root=content_root, kind="website"), links),
    }


NAME_PART_FIELDS = ("given", "family", "particle", "suffix")
TRUE_WORDS = {"true", "yes", "on", "1"}
FALSE_WORDS = {"false", "no", "off", "0"}


def _name_parts(values: dict[str, Any], problem) -> PersonName | None:
    """Explicit name parts, checked against ``name``; None keeps the default split.

    Takes the part fields out of ``values`` (the Author record keeps them as one PersonName).
    """
    name = values["name"]
    parts = {f: values.pop(f) for f in NAME_PART_FIELDS if f in values}
    flags: dict[str, bool] = {}
    for flag in ("literal", "organization"):
        if flag not in values:
            continue
        raw = values.pop(flag).strip().lower()
        if raw not in TRUE_WORDS | FALSE_WORDS:
            problem(
                f"{flag}: expected true or false, got '{raw}'; ignored",
                f"write '{flag}: true' for a name that is one field (an organisation, a group or a mononym)",
                flag,
            )
            continue
        flags[flag] = raw in TRUE_WORDS
    one_field = flags.get("literal", False) or flags.get("organization", False)
    if one_field and parts:
        problem(
            "a one-field name (literal/organization) has no given or family parts; the parts were ignored",
            "remove 'given', 'family', 'particle' and 'suffix', or remove 'literal: true'",
            next(iter(parts)),
        )
        parts = {}
    if one_field:
        return PersonName(text=name, literal=True, organization=flags.get("organization", False))
    if not parts:
        return None
    if "family" not in parts:
        problem(
            "name parts need a 'family' name; the parts were ignored and the name split at its last word",
            f"add 'family:' (the part of '{name}' that citations list first), or 'literal: true' for a one-field name",
            next(iter(parts)),
        )
        return None
    folded = name.casefold()
    for field_name, value in parts.items():
        if value.casefold() not in folded:
            problem(
                f"{field_name} '{value}' does not appear in the name '{name}'; citations would spell the person differently from the byline",
                "copy the part exactly as it is written in 'name'",
                field_name,
            )
    return PersonName(
        text=name,
        given=parts.get("given", ""),
        family=parts["family"],
        particle=parts.get("particle", ""),
        suffix=parts.get("suffix", ""),
    )


def load_registry(path: Path, content_root: Path | None = None) -> Registry:
    """Read ``path``; a missing file is an empty registry (posts naming authors are then reported)."""
    if not path.is_file():
        return Registry(str(path), {}, [])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        problem = Problem(
            str(path),
            "the author registry is not UTF-8 text",
            "save it as UTF-8 in your editor",
            line=line,
        )
        return Registry(str(path), {}, [problem])
    return parse_registry(text, str(path), content_root)


_cache: dict[str, tuple[str, Registry]] = {}


def registry_path(settings: dict[str, Any]) -> Path:
    root = Path(settings.get("PATH") or "content")
    return root / SETTINGS.values(settings)["AUTHOR_REGISTRY"]


def registry_for(settings: dict[str, Any]) -> Registry:
    """The registry for this site, re-read only when the file's bytes change (cheap per call)."""
    path = registry_path(settings)
    try:
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        digest = "missing"
    key = str(path.resolve())
    cached = _cache.get(key)
    if cached and cached[0] == digest:
        return cached[1]
    registry = load_registry(path, Path(settings.get("PATH") or "content"))
    _cache[key] = (digest, registry)
    return registry
