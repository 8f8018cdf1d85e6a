"""Per-page head data: canonical URL, Open Graph, licence, the post's DOI, base JSON-LD.

Templates only print what this module computes, so every page gets the same rules
(absolute URLs that respect a project-pages sub-path, escaped text, dates in ISO 8601).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from meded_core import Problem, contribute_jsonld, contribute_webpage_jsonld, report
from meded_core.contents import canonical_root
from meded_core.identifiers import doi_url, normalize_doi
from meded_core.post_dois import post_dois_for
from meded_core.shared import share_image
from meded_core.text import plain
from pelican.utils import truncate_html_words

from .licenses import known_license_names, resolve_license
from .settings import SETTINGS


@dataclass(frozen=True)
class PageMeta:
    canonical: str
    title: str
    description: str
    og_type: str
    image: str | None = None  # absolute URL of the share image (og:image)
    image_alt: str = ""
    image_width: int | None = None
    image_height: int | None = None
    image_type: str = ""
    published: str | None = None
    modified: str | None = None
    license_url: str | None = None


def _description(content: Any, settings: dict[str, Any]) -> str:
    """Plain-text description from the summary, or from the start of the raw body.

    Not ``content.summary``: this runs while posts are still being read, and Pelican
    memoises the body the first time it is asked for, so a ``{filename}`` link to a post
    read later would stay unresolved on the page for good.
    """
    summary = content.metadata.get("summary")
    if summary is None:
        words = settings.get("SUMMARY_MAX_LENGTH") or 60
        summary = truncate_html_words(getattr(content, "_content", "") or "", words)
    return Markup(summary or "").striptags()[:300]


def attach_page_meta(content: Any, settings: dict[str, Any]) -> None:
    """Compute and attach ``page_meta``, ``doi``, ``doi_url``, ``license_html`` and JSON-LD."""
    root = canonical_root(settings)
    is_post = content.__class__.__name__ == "Article"
    canonical = f"{root}/{content.url}"
    source = getattr(content, "source_path", "")

    doi = None
    raw_doi = content.metadata.get("doi")
    if raw_doi:
        doi = normalize_doi(raw_doi)
        if doi is None:
            report(
                Problem(
                    source,
                    f"'{raw_doi}' is not a DOI",
                    "a DOI looks like 10.59350/abcd-1234 (the https://doi.org/ prefix is optional)",
                    line=content.metadata.get("front_matter_lines", {}).get("doi"),
                    field="doi",
                )
            )
    if doi is None and is_post and not raw_doi:
        stored = post_dois_for(settings)[0].get(getattr(content, "relative_source_path", ""))
        doi = stored.doi if stored else None  # found by make impact (Rogue Scholar)
    content.doi = doi
    content.doi_url = doi_url(doi) if doi else None

    site_license = SETTINGS.values(settings)["SITE_LICENSE"], settings.get("SITE_LICENSE_URL")
    license_ = resolve_license(content.metadata.get("license"), *site_license)
    if license_ is None:
        report(
            Problem(
                source,
                f"unknown licence '{content.metadata.get('license')}'; the site licence is shown instead",
                "use one of: " + ", ".join(known_license_names()) + ", or a licence URL",
                line=content.metadata.get("front_matter_lines", {}).get("license"),
                field="license",
            )
        )
        license_ = resolve_license(None, *site_license)
    content.license = license_
    if license_.url:
        content.license_html = Markup('Licensed <a rel="license" href="{}">{}</a>.').format(
            license_.url, license_.name
        )
    else:
        content.license_html = Markup("{}.").format(license_.name)

    image = share_image(content)  # chosen by the hero_image plugin
    image_url = None
    if image is not None:
        image_url = image.url if "://" in image.url else f"{root}/{image.url.lstrip('/')}"
    description = _description(content, settings) if is_post else ""
    content.page_meta = PageMeta(
        canonical=canonical,
        title=plain(content.title),
        description=description,
        og_type="article" if is_post else "website",
        image=image_url,
        image_alt=image.alt if image else "",
        image_width=image.width if image else None,
        image_height=image.height if image else None,
        image_type=image.media_type if image else "",
        published=content.date.isoformat() if is_post and getattr(content, "date", None) else None,
        modified=content.modified.isoformat()
        if is_post and getattr(content, "modified", None)
        else None,
        license_url=license_.url,
    )

    if is_post:
        site = plain(settings.get("SITENAME"))
        page_id = f"{canonical}#webpage"
        contribute_webpage_jsonld(
            content,
            {
                "@context": "https://schema.org",
                "@type": "WebPage",
                "@id": page_id,
                "url": canonical,
                "name": plain(content.title),
                "mainEntity": {"@id": canonical},
                "isPartOf": {"@type": "WebSite", "name": site, "url": f"{root}/"},
            },
        )
        contribute_jsonld(
            content,
            {
                "@context": "https://schema.org",
                "@type": "BlogPosting",
                "@id": canonical,
                "url": canonical,
                "mainEntityOfPage": {"@id": page_id},
                "publisher": {"@type": "Organization", "name": site, "url": f"{root}/"},
                "headline": plain(content.title),
                "description": description,
                "datePublished": content.page_meta.published,
                "dateModified": content.page_meta.modified or content.page_meta.published,
                "inLanguage": getattr(content, "lang", None),
                "license": license_.url,
                "isPartOf": {"@type": "Blog", "name": site, "url": f"{root}/"},
                "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
                if doi
                else None,
                "sameAs": content.doi_url,
                "keywords": [str(t) for t in getattr(content, "tags", [])] or None,
            },
        )


def escape_text(value: Any) -> str:
    return str(escape(value))
