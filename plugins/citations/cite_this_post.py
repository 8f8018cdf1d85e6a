""" "Cite this post": the post as a CSL item, formatted and exported.

The authors come from the author registry (``article.author_records``, set by the authors
plugin) so that names are spelled as the authors want; the DOI is the post's own
(``article.doi``, from site_meta) when it has one.
"""

from __future__ import annotations

import posixpath
from typing import Any

from meded_core.shared import contributor_roles
from meded_core.text import plain

from .csl import split_name
from .metadata import post_author_names
from .model import Download


def post_item(article: Any, settings: dict[str, Any]) -> dict[str, Any]:
    meta = getattr(article, "page_meta", None)
    root = (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")
    item: dict[str, Any] = {
        "id": getattr(article, "slug", "post"),
        "type": "post-weblog",
        "title": plain(getattr(article, "title", "")),
        "author": [_name(article, n) for n in post_author_names(article)],
        "container-title": plain(settings.get("SITENAME", "")),
        "URL": meta.canonical if meta else f"{root}/{article.url}",
        "language": getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en"),
    }
    date = getattr(article, "date", None)
    if date:
        item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    if getattr(article, "doi", None):
        item["DOI"] = article.doi
    return {k: v for k, v in item.items() if v}


def contributor_fields(article: Any) -> dict[str, Any]:
    """CRediT roles for the CSL-JSON download, in CSL 1.0.2's ``custom`` object.

    CSL has no variable for contributor roles; ``custom`` is the place its schema gives for
    data without one, and reference managers keep it. Kept out of the formatted citations.
    """
    roles = contributor_roles(article)
    if not roles:
        return {}
    names = {
        getattr(r, "slug", None): str(getattr(r, "name", ""))
        for r in getattr(article, "author_records", None) or []
    }
    credit = [
        {
            "author": names.get(slug, slug),
            "roles": [r.label for r in found],
            "role_uris": [r.uri for r in found],
        }
        for slug, found in roles.items()
    ]
    return {"custom": {"contributor_roles": credit}}


def _name(article: Any, display: str) -> dict[str, str]:
    """The registry's name parts (``meded_core.names.PersonName``) when the authors plugin
    provides them; otherwise the display name split at its last word."""
    for record in getattr(article, "author_records", None) or []:
        if str(getattr(record, "name", "")) == display:
            parts = getattr(record, "name_parts", None)
            if parts is not None:
                return parts.csl()
    return split_name(display)


def download_paths(article: Any) -> dict[str, str]:
    """Output paths (relative to the output folder) of the post's downloadable records."""
    folder = posixpath.dirname(getattr(article, "save_as", "") or "")
    slug = getattr(article, "slug", "post")
    base = posixpath.join(folder, slug) if folder else slug
    return {
        "citation.bib": f"{base}-citation.bib",
        "citation.ris": f"{base}-citation.ris",
        "citation.json": f"{base}-citation.json",
        "references.ris": f"{base}-references.ris",
        "references.bib": f"{base}-references.bib",
    }


def downloads(article: Any, has_references: bool) -> tuple[list[Download], list[Download]]:
    paths = download_paths(article)
    own = [
        Download(
            "BibTeX",
            paths["citation.bib"],
            posixpath.basename(paths["citation.bib"]),
            "application/x-bibtex",
        ),
        Download(
            "RIS",
            paths["citation.ris"],
            posixpath.basename(paths["citation.ris"]),
            "application/x-research-info-systems",
        ),
        Download(
            "CSL-JSON",
            paths["citation.json"],
            posixpath.basename(paths["citation.json"]),
            "application/vnd.citationstyles.csl+json",
        ),
    ]
    refs = []
    if has_references:
        refs = [
            Download(
                "RIS",
                paths["references.ris"],
                posixpath.basename(paths["references.ris"]),
                "application/x-research-info-systems",
            ),
            Download(
                "BibTeX",
                paths["references.bib"],
                posixpath.basename(paths["references.bib"]),
                "application/x-bibtex",
            ),
        ]
    return own, refs
