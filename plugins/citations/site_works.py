"""What the site's posts cite, read from the files on disk without a Pelican build.

``make refs`` needs every cited identifier and ``make impact`` every cited work; both get
them here, through the same Markdown syntax, bibliographies and key lookup as the build
(:mod:`syntax`, :mod:`bibliography`, :func:`lookup.resolve_key`), so a ``[@choo2015]``
whose entry has a DOI counts exactly as it does on the page. Lookups use the committed
references cache only: nothing here touches the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown
from meded_core.cited_works import CitedWork
from meded_core.fields import as_list
from meded_core.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from meded_core.publication import POST_SUFFIXES

from . import bibliography as bibliography_module
from . import reference_cache
from .bibliography import Bibliography
from .csl import plain_text
from .lookup import resolve_key
from .render import work_identities
from .resolve import Resolver
from .settings import SETTINGS
from .syntax import CitationExtension


@dataclass
class PostCitations:
    """The keys one Markdown file cites (with their lines) and its own bibliographies."""

    path: Path
    keys: list[tuple[str, int | None]]
    bibliographies: list[Path]
    draft: bool = False


@dataclass
class SiteCitations:
    """The site's bibliography, references cache and every post's citations."""

    content: Path
    bibliography: Bibliography
    cache: reference_cache.ReferenceCache
    posts: list[PostCitations] = field(default_factory=list)
    files: bibliography_module.BibliographyFiles = field(
        default_factory=bibliography_module.BibliographyFiles
    )

    def bibliography_for(self, post: PostCitations) -> Bibliography:
        """The site's entries under the post's own (shared by posts naming the same files)."""
        if not post.bibliographies:
            return self.bibliography
        return self.files.load(post.bibliographies, over=self.bibliography)


# Inline patterns that decide where a citation can be (code spans, escapes, raw HTML and
# autolinks hide their contents from it); the others (emphasis, links, typography) change
# only the HTML, never which keys are cited, and cost most of the parsing time.
CITATION_CONTEXT_PATTERNS = {"backtick", "escape", "autolink", "automail", "html", "entity"}
# tree processors that only decorate the HTML (footnotes' must stay: it places their text)
HTML_ONLY_TREEPROCESSORS = {"hilite", "toc", "prettify", "smarty"}


def citation_markdown(markdown_config: Mapping[str, Any]) -> Markdown:
    """A Markdown parser that finds the citations the build's parser finds: the site's
    extensions (fenced code, raw HTML blocks, footnotes…) and the citation syntax, without
    the inline patterns and tree processors that only shape the HTML. Within a paragraph
    the order may differ (the build meets a citation inside emphasis later)."""
    configs = {
        k: v
        for k, v in (markdown_config.get("extension_configs") or {}).items()
        if k != "markdown.extensions.meta"
    }
    extensions = [
        e for e in markdown_config.get("extensions", []) if not isinstance(e, CitationExtension)
    ]
    extensions += [name for name in configs if name not in extensions]
    md = Markdown(extensions=[*extensions, CitationExtension()], extension_configs=configs)
    for name in [p for p in md.inlinePatterns._data if not p.startswith("citation_")]:
        if name not in CITATION_CONTEXT_PATTERNS:
            md.inlinePatterns.deregister(name)
    for name in HTML_ONLY_TREEPROCESSORS & set(md.treeprocessors._data):
        md.treeprocessors.deregister(name)
    return md


def post_citations(
    path: Path, markdown_config: Mapping[str, Any], md: Markdown | None = None
) -> PostCitations:
    """Every key cited in one Markdown file, with its line, and its own bibliographies."""
    from frontmatter.parsing import split_front_matter

    text = path.read_text(encoding="utf-8", errors="replace")
    front = split_front_matter(text)
    md = md or citation_markdown(markdown_config)
    md.reset()
    md.__dict__.pop("_citation_cursors", None)  # line search starts again in each file
    md.extra_metadata = {}
    md.body_line = front.body_line
    md.convert(front.body)
    keys = [
        (item["key"], cluster.get("line"))
        for cluster in md.extra_metadata.get("citation_clusters", [])
        for item in cluster["items"]
    ]
    own = [path.parent / str(p) for p in as_list(front.values.get("bibliography"))]
    draft = str(front.values.get("status", "")).strip().lower() == "draft"
    return PostCitations(path, keys, [p for p in own if p.exists()], draft)


def read_site(settings: Mapping[str, Any], content: Path | None = None) -> SiteCitations:
    """The bibliographies, cache and citations of every Markdown file under ``content``."""
    config = SETTINGS.values(settings)
    content = Path(content or settings.get("PATH") or "content")

    def relative(value: Any) -> Path:
        path = Path(str(value))
        return path if path.is_absolute() else content / path

    paths = [relative(p) for p in as_list(config["CITATIONS_BIBLIOGRAPHY"])]
    site = SiteCitations(
        content,
        bibliography_module.load([p for p in paths if p.exists()]),
        reference_cache.load(relative(config["CITATIONS_CACHE"])),
    )
    markdown_config = settings.get("MARKDOWN") or {}
    md = citation_markdown(markdown_config)
    for path in sorted(content.rglob("*")):
        if path.suffix.lower() in POST_SUFFIXES and path.is_file():
            site.posts.append(post_citations(path, markdown_config, md))
    return site


def site_cited_works(settings: Mapping[str, Any]) -> list[CitedWork]:
    """Every work the published posts cite, one per work however often and however it is
    cited (key, DOI, PMID, PMCID), with the posts citing it."""
    site = read_site(settings)
    resolver = Resolver(site.cache, {}, online=False)
    works: list[dict[str, Any]] = []
    index: dict[str, dict[str, Any]] = {}
    for post in site.posts:
        if post.draft:
            continue
        bibliography = site.bibliography_for(post)
        where = post.path.relative_to(site.content).as_posix()
        for key, _ in post.keys:
            resolution = resolve_key(key, bibliography, resolver)
            if resolution is None or (not resolution.resolved and resolution.identifier is None):
                continue
            identities = work_identities(key, resolution, None)
            # the works already met under these identities, each once (one work can own
            # several of them)
            found = list({id(index[i]): index[i] for i in identities if i in index}.values())
            work = found[0] if found else {"ids": [], "title": "", "posts": []}
            if not found:
                works.append(work)
            for other in found[1:]:  # this citation shows two records are one work
                _absorb(work, other, index)
                works.remove(other)
            title = plain_text((resolution.item or {}).get("title"))
            _absorb(work, {"ids": identities, "title": title, "posts": [where]}, index)
    return sorted((_cited_work(w) for w in works), key=lambda w: w.work_id)


def _absorb(work: dict[str, Any], other: dict[str, Any], index: dict[str, dict]) -> None:
    """``other``'s identities, posts and (if ``work`` has none) title go to ``work``."""
    for identity in other["ids"]:
        if identity not in work["ids"]:
            work["ids"].append(identity)
        index[identity] = work
    work["posts"] += [p for p in other["posts"] if p not in work["posts"]]
    work["title"] = work["title"] or other["title"]


def _cited_work(work: dict[str, Any]) -> CitedWork:
    def first(scheme: str, normalize) -> str | None:
        for identity in work["ids"]:
            prefix, _, value = identity.partition(":")
            if prefix == scheme and normalize(value):
                return normalize(value)
        return None

    doi = first("doi", normalize_doi)
    pmid = first("pmid", normalize_pmid)
    pmcid = first("pmcid", normalize_pmcid)
    preferred = (
        f"doi:{doi}" if doi else f"pmid:{pmid}" if pmid else f"pmcid:{pmcid}" if pmcid else None
    )
    return CitedWork(
        work_id=preferred or work["ids"][0],
        doi=doi,
        pmid=pmid,
        pmcid=pmcid,
        title=work["title"],
        cited_by=tuple(sorted(work["posts"])),
    )
