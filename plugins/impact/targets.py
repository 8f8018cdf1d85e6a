"""What ``make impact`` asks about: cited works, posts with a DOI, authors with an ORCID.

* Cited works come from the citations plugin through :mod:`meded_core.cited_works`: every
  work a post cites that has a DOI or PMID, however it is cited (``[@doi:…]``, ``[@pmid:…]``
  or a ``[@key]`` whose bibliography entry carries the identifier).
* ``content/posts/**/*.md``: a post's own ``doi:`` in YAML or ``Key: value`` front matter
  (read with the front-matter plugin's parser, so both styles behave exactly as in builds).
* The people of the site (:func:`meded_core.people.site_people`, the authors plugin's
  registry) with a valid ``orcid``.

A source that cannot be read is reported as a notice and skipped: the other sources still run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from frontmatter.parsing import split_front_matter
from meded_core.cited_works import cited_works
from meded_core.identifiers import normalize_doi, normalize_orcid, normalize_pmid
from meded_core.people import site_people
from meded_core.post_dois import StoredDoi, post_dois_for
from meded_core.publication import post_files, withheld

from .store import author_key, work_key


@dataclass(frozen=True)
class Target:
    """One thing to fetch figures for; ``key`` is its record key in the store."""

    key: str
    kind: str  # work, post or author
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    orcid: str | None = None
    title: str = ""
    source_path: str = ""

    @property
    def ids(self) -> dict[str, str]:
        values = {"doi": self.doi, "pmid": self.pmid, "pmcid": self.pmcid, "orcid": self.orcid}
        return {k: v for k, v in values.items() if v}


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def read_cited_works(settings: dict[str, Any], notices: list[str]) -> list[Target]:
    """One target per cited work with a DOI or PMID (PMCID-only works have no figures)."""
    try:
        works = cited_works(settings)
    except LookupError as exc:
        notices.append(f"{exc}; no cited works")
        return []
    return [
        Target(key, "work", work.doi, work.pmid, work.pmcid, title=work.title)
        for work in works
        if (key := work_key(work.doi, work.pmid))
    ]


def read_posts(
    content: Path,
    folders: Iterable[str],
    notices: list[str],
    stored: dict[str, StoredDoi] | None = None,
) -> list[Target]:
    """Posts with a DOI: their own ``doi:``, else one found earlier (``stored``, by source)."""
    stored = stored or {}
    targets = []
    for path, values in published_front_matter(content, folders, notices):
        found = stored.get(path.relative_to(content).as_posix())
        raw = values.get("doi") or (found.doi if found else None)
        if not raw:
            continue
        doi = normalize_doi(str(raw))
        if not doi:
            notices.append(f"{path}: doi {raw!r} is not a DOI; the post is skipped")
            continue
        targets.append(
            Target(
                key=f"doi:{doi}",
                kind="post",
                doi=doi,
                title=_text(values.get("title")),
                source_path=path.relative_to(content).as_posix(),
            )
        )
    return targets


def published_front_matter(
    content: Path, folders: Iterable[str], notices: list[str]
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Each published post's path and front matter, read as builds read it (drafts left out)."""
    for path in post_files(content, folders):
        try:
            front = split_front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            notices.append(f"{path}: cannot be read ({exc}); skipped")
            continue
        if not withheld(front.values):
            yield path, front.values


def read_authors(settings: dict[str, Any], notices: list[str]) -> list[Target]:
    """Every registry person with an ORCID iD, from the people of the site: the same
    registry, and the same rules for a valid iD, as the author pages."""
    registry = site_people(settings)
    if registry is None:
        return []
    notices += [f"{p}; skipped" for p in registry.problems if p.field in (None, "orcid")]
    return [
        Target(key=f"orcid:{a.orcid}", kind="author", orcid=a.orcid, title=a.name)
        for a in registry.authors.values()
        if a.orcid
    ]


def merge_targets(targets: Iterable[Target]) -> list[Target]:
    """One target per work: a PMID-only citation joins the DOI record carrying that PMID."""
    by_key: dict[str, Target] = {}
    for target in targets:
        old = by_key.get(target.key)
        if old is None:
            by_key[target.key] = target
            continue
        merged = {f.name: getattr(old, f.name) or getattr(target, f.name) for f in fields(Target)}
        merged["kind"] = "post" if "post" in (old.kind, target.kind) else old.kind
        by_key[target.key] = Target(**merged)
    pmid_owner = {t.pmid: k for k, t in by_key.items() if t.doi and t.pmid}
    for key in [k for k, t in by_key.items() if not t.doi and t.pmid in pmid_owner]:
        del by_key[key]
    return [by_key[k] for k in sorted(by_key)]


def collect_targets(settings: dict[str, Any], notices: list[str]) -> list[Target]:
    content = Path(settings.get("PATH") or "content")
    targets = [
        *read_cited_works(settings, notices),
        *read_posts(
            content, settings.get("ARTICLE_PATHS") or ["posts"], notices, post_dois_for(settings)[0]
        ),
        *read_authors(settings, notices),
    ]
    return merge_targets(targets)


def parse_id_line(text: str) -> tuple[str, str] | None:
    """``doi:…``, ``pmid:…``, ``orcid:…``, a bare DOI or ORCID, or digits (a PMID)."""
    text = text.split("#", 1)[0].strip()
    if not text:
        return None
    lowered = text.lower()
    if lowered.startswith(
        ("doi:", "10.", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/")
    ):
        doi = normalize_doi(text)
        return ("doi", doi) if doi else ("bad", text)
    if lowered.startswith("pmid:") or text.isdigit():
        pmid = normalize_pmid(text)
        return ("pmid", pmid) if pmid else ("bad", text)
    orcid = normalize_orcid(text)
    return ("orcid", orcid) if orcid else ("bad", text)


def narrow_to_ids(targets: list[Target], lines: Iterable[str]) -> tuple[list[Target], list[str]]:
    """Keep only the listed identifiers (unknown ones become new targets); returns bad lines."""
    wanted: list[tuple[str, str]] = []
    bad = []
    for number, line in enumerate(lines, start=1):
        parsed = parse_id_line(line)
        if parsed is None:
            continue
        if parsed[0] == "bad":
            bad.append(f"line {number}: {parsed[1]!r} is not a DOI, PMID or ORCID iD")
        else:
            wanted.append(parsed)
    index: dict[str, Target] = {}
    for target in targets:
        for scheme, value in target.ids.items():
            index.setdefault(f"{scheme}:{value}", target)
    chosen: dict[str, Target] = {}
    for scheme, value in wanted:
        found = index.get(f"{scheme}:{value}")
        if found is None:
            if scheme == "orcid":
                found = Target(key=author_key(value) or "", kind="author", orcid=value)
            else:
                doi, pmid = (value, None) if scheme == "doi" else (None, value)
                found = Target(key=work_key(doi, pmid) or "", kind="work", doi=doi, pmid=pmid)
        chosen[found.key] = found
    return [chosen[k] for k in sorted(chosen)], bad
