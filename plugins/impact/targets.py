"""What ``make impact`` asks about: cited works, posts with a DOI, authors with an ORCID.

Sources are read defensively because other plugins own them and their shapes may grow:

* ``content/data/references.json``: the citations plugin's CSL-JSON cache (a list of items,
  or ``{"items": [...]}``, or a mapping of id -> item), with ``DOI``/``PMID``/``PMCID``.
* ``content/posts/**/*.md``: a post's own ``doi:`` in YAML or ``Key: value`` front matter
  (read with the front-matter plugin's parser, so both styles behave exactly as in builds).
* ``content/authors.yml``: the author registry (a list of authors, ``{"authors": [...]}``,
  or a mapping slug -> author) with ``orcid``.

A file that cannot be read is reported as a notice and skipped: the other sources still run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import json
from pathlib import Path
from typing import Any

from frontmatter.parsing import split_front_matter
from meded_core.identifiers import normalize_doi, normalize_orcid, normalize_pmcid, normalize_pmid
from meded_core.publication import status_from_front_matter
import yaml

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


def _csl_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        for name in ("items", "references", "records"):
            if isinstance(data.get(name), list):
                data = data[name]
                break
        else:
            data = [v for v in data.values() if isinstance(v, dict)]
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def _field(item: dict[str, Any], *names: str) -> Any:
    for name in names:
        if item.get(name):
            return item[name]
    return None


def read_references(path: Path, notices: list[str]) -> list[Target]:
    if not path.exists():
        notices.append(f"{path}: not found yet (the citations plugin writes it); no cited works")
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        notices.append(f"{path}: cannot be read ({exc}); cited works skipped this run")
        return []
    targets = []
    for item in _csl_items(data):
        ident = str(item.get("id") or "")
        doi = normalize_doi(_field(item, "DOI", "doi"))
        pmid = normalize_pmid(_field(item, "PMID", "pmid"))
        if not doi and ident.lower().startswith("doi:"):
            doi = normalize_doi(ident)
        if not pmid and ident.lower().startswith("pmid:"):
            pmid = normalize_pmid(ident)
        key = work_key(doi, pmid)
        if key:
            targets.append(
                Target(
                    key=key,
                    kind="work",
                    doi=doi,
                    pmid=pmid,
                    pmcid=normalize_pmcid(_field(item, "PMCID", "pmcid")),
                    title=_text(item.get("title")),
                )
            )
    return targets


def _withheld(values: dict) -> bool:
    """Drafts and hidden posts (in any tool's spelling) are not published, so not counted."""
    status = status_from_front_matter(values)[0] or str(values.get("status") or "")
    return status.strip().lower() in {"draft", "hidden"}


def read_posts(content: Path, folders: Iterable[str], notices: list[str]) -> list[Target]:
    targets = []
    for folder in folders:
        base = content / folder
        if not base.is_dir():
            continue
        for path in sorted([*base.rglob("*.md"), *base.rglob("*.markdown")]):
            try:
                front = split_front_matter(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                notices.append(f"{path}: cannot be read ({exc}); skipped")
                continue
            values = front.values
            raw = values.get("doi")
            if not raw or _withheld(values):
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


def _author_entries(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        if isinstance(data.get("authors"), (list, dict)):
            data = data["authors"]
        if isinstance(data, dict):
            return [
                {"slug": slug, **entry} for slug, entry in data.items() if isinstance(entry, dict)
            ]
    return [entry for entry in data if isinstance(entry, dict)] if isinstance(data, list) else []


def read_authors(path: Path, notices: list[str]) -> list[Target]:
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        notices.append(f"{path}: cannot be read ({str(exc).splitlines()[0]}); authors skipped")
        return []
    targets = []
    for entry in _author_entries(data):
        raw = entry.get("orcid")
        if not raw:
            continue
        orcid = normalize_orcid(str(raw))
        if not orcid:
            notices.append(
                f"{path}: {entry.get('slug') or entry.get('name')}: orcid {raw!r} is not valid; skipped"
            )
            continue
        targets.append(
            Target(key=f"orcid:{orcid}", kind="author", orcid=orcid, title=_text(entry.get("name")))
        )
    return targets


def merge_targets(targets: Iterable[Target]) -> list[Target]:
    """One target per work: a PMID-only citation joins the DOI record carrying that PMID."""
    by_key: dict[str, Target] = {}
    for target in targets:
        old = by_key.get(target.key)
        if old is None:
            by_key[target.key] = target
            continue
        by_key[target.key] = Target(
            key=old.key,
            kind="post" if "post" in (old.kind, target.kind) else old.kind,
            doi=old.doi or target.doi,
            pmid=old.pmid or target.pmid,
            pmcid=old.pmcid or target.pmcid,
            orcid=old.orcid or target.orcid,
            title=old.title or target.title,
            source_path=old.source_path or target.source_path,
        )
    pmid_owner = {t.pmid: k for k, t in by_key.items() if t.doi and t.pmid}
    for key in [k for k, t in by_key.items() if not t.doi and t.pmid in pmid_owner]:
        del by_key[key]
    return [by_key[k] for k in sorted(by_key)]


def collect_targets(settings: dict[str, Any], notices: list[str]) -> list[Target]:
    content = Path(settings.get("PATH") or "content")
    targets = [
        *read_references(content / settings["IMPACT_REFERENCES_PATH"], notices),
        *read_posts(content, settings.get("ARTICLE_PATHS") or ["posts"], notices),
        *read_authors(content / settings["IMPACT_AUTHORS_PATH"], notices),
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
