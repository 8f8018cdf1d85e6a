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

from .csl import parse_date, split_name
from .metadata import post_author_names, post_url
from .model import Download


def post_item(article: Any, settings: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": getattr(article, "slug", "post"),
        "type": "post-weblog",
        "title": plain(getattr(article, "title", "")),
        "author": [_name(article, n) for n in post_author_names(article)],
        "container-title": plain(settings.get("SITENAME", "")),
        "URL": post_url(article, settings),
        "language": getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en"),
        "issued": parse_date(getattr(article, "date", None)),
        "DOI": getattr(article, "doi", None),
    }
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


# The post's downloadable records: (label, media type) by the end of their file name.
DOWNLOADS = {
    "citation.bib": ("BibTeX", "application/x-bibtex"),
    "citation.ris": ("RIS", "application/x-research-info-systems"),
    "citation.json": ("CSL-JSON", "application/vnd.citationstyles.csl+json"),
    "references.ris": ("RIS", "application/x-research-info-systems"),
    "references.bib": ("BibTeX", "application/x-bibtex"),
}


def download_paths(article: Any) -> dict[str, str]:
    """Output paths (relative to the output folder) of the post's downloadable records."""
    folder = posixpath.dirname(getattr(article, "save_as", "") or "")
    base = posixpath.join(folder, getattr(article, "slug", "post"))
    return {name: f"{base}-{name}" for name in DOWNLOADS}


def downloads(article: Any, has_references: bool) -> tuple[list[Download], list[Download]]:
    paths = download_paths(article)

    def download(name: str) -> Download:
        label, media_type = DOWNLOADS[name]
        return Download(label, paths[name], posixpath.basename(paths[name]), media_type)

    own = [download(n) for n in ("citation.bib", "citation.ris", "citation.json")]
    refs = [download(n) for n in ("references.ris", "references.bib")] if has_references else []
    return own, refs
