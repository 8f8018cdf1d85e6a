"""Machine-readable citation data: Highwire ``citation_*`` tags and JSON-LD ``citation``.

Google Scholar and reference managers read the post's own ``citation_*`` tags; indexers
such as Scholar and Crossref-aware archives read one ``citation_reference`` per cited work
(the format Quarto writes). The JSON-LD list gives each cited work's DOI/PMID as
schema.org identifiers. Values here are plain text; the template escapes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from meded_core.identifiers import doi_url, pubmed_url
from meded_core.shared import post_people
from meded_core.text import plain

from .csl import date_parts, date_text, family_name, plain_text
from .model import Reference

ZOTERO_POST_TYPE = "blogPost"  # Zotero's item type for CSL post-weblog (BibTeX @online, RIS BLOG)

JSONLD_TYPES = {
    "article-journal": "ScholarlyArticle",
    "article": "ScholarlyArticle",
    "paper-conference": "ScholarlyArticle",
    "book": "Book",
    "chapter": "Chapter",
    "report": "Report",
    "thesis": "Thesis",
    "dataset": "Dataset",
    "webpage": "WebPage",
    "post-weblog": "BlogPosting",
    "post": "SocialMediaPosting",
    "software": "SoftwareSourceCode",
}


def name_text(name: dict[str, str]) -> str:
    if name.get("literal"):
        return name["literal"]
    return " ".join(
        x
        for x in (
            name.get("given"),
            name.get("non-dropping-particle"),
            name.get("family"),
            name.get("suffix"),
        )
        if x
    )


# The Highwire tag that names a cited work's container, by CSL type (Google Scholar's tag
# set): a chapter's book is not a journal, nor are a paper's proceedings.
CONTAINER_TAGS = {
    "article-journal": "citation_journal_title",
    "article-magazine": "citation_journal_title",
    "article-newspaper": "citation_journal_title",
    "review": "citation_journal_title",
    "chapter": "citation_inbook_title",
    "entry-encyclopedia": "citation_inbook_title",
    "entry-dictionary": "citation_inbook_title",
    "paper-conference": "citation_conference_title",
}
PUBLISHER_TAGS = {
    "report": "citation_technical_report_institution",
    "thesis": "citation_dissertation_institution",
}


def inverted_name(name: dict[str, str]) -> str:
    """ "Family, Given" (Scholar and Zotero split it without guessing); one-field names as is."""
    if name.get("literal"):
        return name["literal"]
    family = family_name(name)
    given = ", ".join(x for x in (name.get("given"), name.get("suffix")) if x)
    return f"{family}, {given}" if family and given else family or given


def highwire_date(item: dict[str, Any]) -> str | None:
    """YYYY/MM/DD for a full date, else the year alone: Scholar reads no partial dates."""
    dates = date_parts(item)
    if not dates:
        return None
    if len(dates) >= 3:
        return f"{dates[0]}/{dates[1]:02d}/{dates[2]:02d}"
    return str(dates[0])


def citation_reference(item: dict[str, Any]) -> str:
    """One cited work as ``citation_title=…; citation_author=…; …`` (Quarto's form), with the
    tags of the work's type: chapters name their book, proceedings papers their conference,
    reports and theses their institution; editors are kept."""
    kind = item.get("type", "")
    parts: list[tuple[str, str]] = []
    if item.get("title"):
        parts.append(("citation_title", plain_text(item["title"])))
    for role in ("author", "editor"):
        parts += [(f"citation_{role}", inverted_name(n)) for n in (item.get(role) or [])[:20]]
    date = highwire_date(item)
    if date:
        parts.append(("citation_publication_date", date))
    container = plain_text(item.get("container-title") or "")
    if container and kind in CONTAINER_TAGS:
        parts.append((CONTAINER_TAGS[kind], container))
    if kind == "paper-conference" and item.get("event-title") and not container:
        parts.append(("citation_conference_title", plain_text(item["event-title"])))
    if item.get("publisher"):
        parts.append(
            (PUBLISHER_TAGS.get(kind, "citation_publisher"), plain_text(item["publisher"]))
        )
    for csl_field, tag in (("volume", "citation_volume"), ("issue", "citation_issue")):
        if item.get(csl_field):
            parts.append((tag, str(item[csl_field])))
    if kind == "report" and item.get("number"):
        parts.append(("citation_technical_report_number", str(item["number"])))
    if item.get("page"):
        first, _, last = str(item["page"]).partition("-")
        parts.append(("citation_firstpage", first))
        if last:
            parts.append(("citation_lastpage", last))
    # One identifier is enough to find the work: the DOI when there is one, else its PubMed
    # ID, ISBN or address (every tag here is repeated for each of ~20 works on a page).
    for csl_field, tag in (
        ("DOI", "citation_doi"),
        ("PMID", "citation_pmid"),
        ("ISBN", "citation_isbn"),
        ("URL", "citation_fulltext_html_url"),
    ):
        if item.get(csl_field):
            parts.append((tag, str(item[csl_field])))
            break
    return "; ".join(f"{k}={v.replace(';', ',')}" for k, v in parts)


def jsonld_citation(reference: Reference) -> dict[str, Any]:
    item = reference.csl
    if not reference.resolved:
        return {"@type": "CreativeWork", "name": reference.key}
    data: dict[str, Any] = {
        "@type": JSONLD_TYPES.get(item.get("type", ""), "CreativeWork"),
        "name": reference.title,
    }
    if reference.doi:
        # Consumers (commonmeta, hence Rogue Scholar and Crossref) keep a cited work's @id and
        # name only; its authors and journal are in the citation_reference tags and the
        # reference list, so a work with a DOI is not described a third time here.
        data = {"@id": doi_url(reference.doi), **data}
    else:
        for role in ("author", "editor"):
            people = [_jsonld_person(n) for n in (item.get(role) or [])[:20]]
            if people:
                data[role] = people
        if item.get("container-title"):
            data["isPartOf"] = {
                "@type": "Periodical" if item.get("type") == "article-journal" else "CreativeWork",
                "name": plain_text(item["container-title"]),
            }
    dates = date_parts(item)
    if dates:
        data["datePublished"] = date_text(dates)
    # A DOI is the @id, and enough to find the work; a work without one lists its PubMed IDs
    # (a DOI'd work's PMID is on its PubMed link in the reference list).
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("PMID", reference.pmid), ("PMCID", reference.pmcid))
        if value and not reference.doi
    ]
    if reference.pmid and not reference.doi:
        data["url"] = pubmed_url(reference.pmid)
    if reference.isbn:
        data["isbn"] = reference.isbn
    if identifiers:
        data["identifier"] = identifiers
    if reference.url and not reference.doi:
        data.setdefault("url", reference.url)
    return data


def _jsonld_person(name: dict[str, str]) -> dict[str, Any]:
    """A cited author with ``givenName``/``familyName``, so no consumer splits the name."""
    if name.get("literal"):
        return {"@type": "Organization", "name": name["literal"]}
    person: dict[str, Any] = {"@type": "Person", "name": name_text(name)}
    if family_name(name):
        person["familyName"] = family_name(name)
    if name.get("given"):
        person["givenName"] = name["given"]
    return person


def highwire_tags(
    article: Any,
    settings: dict[str, Any],
    references: list[Reference],
    *,
    with_authors: bool,
    reference_tags: Sequence[str] | None = None,
) -> list[tuple[str, str]]:
    """The post's own ``citation_*`` tags followed by one ``citation_reference`` per work.

    The post is a blog post everywhere (``post-weblog`` in ``cite_this_post``): no
    ``citation_journal_title`` (Zotero would save a journal article), ``DC.type`` naming
    Zotero's blog-post type (which its Embedded Metadata translator reads), and the blog as
    ``citation_publisher``; Zotero takes the blog's name from ``og:site_name``.
    ``reference_tags``: the ``citation_reference`` values when the caller has them already
    (they depend on the references alone, so the build memo keeps them)."""
    tags: list[tuple[str, str]] = [("citation_title", plain(getattr(article, "title", "")))]
    if with_authors:
        tags += [("citation_author", name) for name in post_author_names(article)]
    date = getattr(article, "date", None)
    if date:
        day = date.strftime("%Y/%m/%d")  # as Highwire wants it
        tags += [("citation_publication_date", day), ("citation_online_date", day)]
    tags += [
        ("citation_publisher", plain(settings.get("SITENAME", ""))),
        ("DC.type", ZOTERO_POST_TYPE),
        ("citation_doi", getattr(article, "doi", None)),
        ("citation_fulltext_html_url", post_url(article, settings)),
        ("citation_language", getattr(article, "lang", None) or settings.get("DEFAULT_LANG")),
    ]
    if reference_tags is None:
        reference_tags = [citation_reference(r.csl) for r in references if r.resolved]
    tags += [("citation_reference", value) for value in reference_tags]
    return [(k, v) for k, v in tags if v]  # tags without a value are left out


def post_url(article: Any, settings: dict[str, Any]) -> str:
    """The post's canonical address (site_meta's when it set one)."""
    meta = getattr(article, "page_meta", None)
    root = (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")
    return meta.canonical if meta else f"{root}/{article.url}"


def post_author_names(article: Any) -> list[str]:
    """Display names of the post's authors: the registry's records when the authors plugin
    provides them, else Pelican's author names (slugs turned into words)."""
    records = post_people(article)
    if records:
        return [r.name for r in records]
    names = []
    for author in getattr(article, "authors", None) or []:
        name = str(getattr(author, "name", author))
        if "-" in name and " " not in name and name.islower():
            name = " ".join(part.capitalize() for part in name.split("-"))
        names.append(name)
    return names
