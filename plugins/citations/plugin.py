"""Signal wiring of the citations plugin (the logic lives in the modules it imports).

Data flow per build: ``initialized`` adds the Markdown syntax; the build's shared state
(:mod:`build_state`: bibliographies, the committed cache, the formatter) is made on first
use. ``content_object_init`` renders each post's citations from its recorded clusters (see
``syntax`` for why this is not done in the reader) in named steps: its bibliography, its
style, the rendering (kept in the build memo), what it attaches. ``article_generator_finalized``
adds "Cite this post", Highwire tags and JSON-LD, and gathers the site-wide "Cited works"
index; a small generator (:mod:`page_and_downloads`) writes that page and the download
files; ``finalized`` saves the references cache.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
import logging
from pathlib import Path
from typing import Any

from markupsafe import Markup
from meded_core import (
    Problem,
    contribute_feed_section,
    contribute_jsonld,
    declare_field,
    fields,
    incremental,
    report,
)
from meded_core.contents import generator_contents
from meded_core.identifiers import normalize_doi
from meded_core.paths import inside
from meded_core.problems import display_path
from meded_core.shared import CitedWork, head_authors, set_cited_works
from pelican import signals

from . import build_state, prefetch
from .bibliography import Bibliography
from .build_state import BuildState
from .cite_this_post import downloads, post_item
from .feed_references import references_section
from .intext import strip_citations
from .lookup import Resolution
from .metadata import citation_reference, highwire_tags, jsonld_citation
from .model import CiteThis, Cluster
from .page_and_downloads import CitationOutputs
from .render import render_post
from .render_keys import post_key, with_items, without_items
from .styles import Style
from .syntax import CitationExtension

logger = logging.getLogger(__name__)


def _initialized(pelican) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, CitationExtension) for e in extensions):
        extensions.append(CitationExtension())
    build_state.end_build()  # the next one is built lazily, on first use


def _preread(generator) -> None:
    """Before the first post of a build is read: start formatting, in a second process, the
    works the posts cite and the entry cache lacks (see ``prefetch``)."""
    state = build_state.state_for(generator.settings)
    if state.prefetch_checked:
        return
    state.prefetch_checked = True
    if incremental.memo().holds("citations.post"):  # a rebuild: few new entries
        return
    choice = state.config["CITATIONS_FORMAT_IN_BACKGROUND"]
    if not choice or not prefetch.available():
        return
    settings = generator.settings
    root = Path(generator.path)
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    items = []
    for planned in prefetch.planned_citations(root / f for f in files):
        bibliography = state.site_bibliography
        if planned.bibliography:  # unreadable files are reported when the post is read
            paths, _ = own_bibliography_files(
                list(planned.bibliography), planned.post.parent, root, str(planned.post), None
            )
            bibliography = state.bibliographies.load(paths, over=state.site_bibliography)
        item = state.cached_item(planned.key, bibliography)
        if item is not None:
            items.append(item)
    worker = prefetch.Prefetcher(state.formatter, [(state.site_style, item) for item in items])
    if worker.jobs == 0 or (choice == "auto" and worker.jobs < prefetch.AUTO_MINIMUM):
        worker.close()
        return
    state.formatter.prefetch = worker
    logger.debug("citations: formatting %d works in a second process", worker.jobs)


def own_bibliography_files(
    entries: list[Any], post_dir: Path | None, content_root: Path, source: str, line: int | None
) -> tuple[list[Path], list[Problem]]:
    """The files a post's ``bibliography:`` names that can be read (relative to the post's
    folder, inside the content folder), and a problem for each that cannot."""
    paths: list[Path] = []
    problems: list[Problem] = []
    base = post_dir or content_root
    for entry in entries:
        path = base / str(entry)
        if Path(str(entry)).is_absolute() or not inside(content_root, path):
            what = f"the bibliography file '{entry}' is outside the content folder; it was not read"
            fix = "put the file in content/ (beside the post) and give its relative path"
        elif not path.exists():
            what = f"the bibliography file '{entry}' was not found (looked in {path.parent})"
            fix = "a relative path is read from the post's own folder; check the spelling"
        else:
            paths.append(path)
            continue
        problems.append(Problem(source, what, fix, line=line, field="bibliography"))
    return paths, problems


@dataclass(frozen=True)
class _Where:
    """The post's file, its front-matter lines and folder, for problems and relative paths."""

    source: str
    lines: dict[str, int]
    folder: Path | None

    @classmethod
    def of(cls, content) -> _Where:
        source = getattr(content, "source_path", "") or ""
        lines = content.metadata.get("front_matter_lines", {}) or {}
        return cls(source, lines, Path(source).parent if source else None)


def _content_init(content) -> None:
    """Render a post's citations from the clusters its reader recorded (see ``syntax``)."""
    if content.__class__.__name__ not in {"Article", "Page"}:
        return
    content.references, content.unresolved_citations, content.uncited_references = [], [], []
    raw = content.metadata.get("citation_clusters") or []
    text = content._content or ""
    if not raw and "data-citation=" not in text and not content.metadata.get("bibliography"):
        return
    state = build_state.state_for(content.settings)
    where = _Where.of(content)
    bibliography, own_files = _post_bibliography(state, content, where)
    style = _post_style(state, content, where)
    rendered, render_key = _rendered(state, where.source, text, raw, bibliography, style)
    report(*rendered.problems)
    _attach(content, rendered, style)
    content.citations_render_key = render_key
    if own_files:
        cited = {r.key for r in rendered.references} | set(rendered.cited_keys)
        state.own_bibliographies.append((content, own_files, cited))
    _warn_notices(state, content, where.source)


def _post_bibliography(
    state: BuildState, content, where: _Where
) -> tuple[Bibliography, tuple[Path, ...]]:
    """The bibliography the post's keys are looked up in (its own files over the site's),
    and its own files (to report the entries it never cites, see :func:`_uncited`)."""
    entries = fields.as_list(content.metadata.get("bibliography"))
    if not entries:
        return state.site_bibliography, ()
    root, line = Path(content.settings["PATH"]), where.lines.get("bibliography")
    paths, problems = own_bibliography_files(entries, where.folder, root, where.source, line)
    own = state.bibliographies.load(paths)
    report(*problems, *own.problems)
    return state.bibliographies.load(paths, over=state.site_bibliography), tuple(paths)


def _post_style(state: BuildState, content, where: _Where) -> Style:
    """The post's ``csl:`` (or ``citation_style:``) style, else the site's."""
    field = next((f for f in ("csl", "citation_style") if content.metadata.get(f)), None)
    if field is None:
        return state.site_style
    spec = str(content.metadata[field])
    return state.style(spec, where.folder, (where.source, where.lines.get(field), field)) or (
        state.site_style
    )


def _rendered(state: BuildState, source: str, text: str, raw: list, bibliography, style: Style):
    """The post's citations rendered, or recalled from the build memo when nothing they are
    made from (text, clusters, style, the items the keys resolve to) changed; and the key
    naming those inputs (what is made from the references alone is kept under it too)."""

    def lookup(key: str, narrative: bool) -> Resolution | None:
        return state.lookup(bibliography, key, narrative)

    cache_key, items = post_key(
        source=source,
        text=text,
        clusters=raw,
        style_digest=style.digest,
        lookup=lookup,
        fingerprint=state.fingerprint,
    )
    stored = incremental.memo().recall("citations.post", cache_key)
    if stored is not incremental.MISSING:
        return with_items(stored, items), cache_key
    clusters = [Cluster.from_dict(c) for c in raw]
    rendered = render_post(
        text, clusters, source=source, lookup=lookup, style=style, formatter=state.formatter
    )
    incremental.memo().keep("citations.post", cache_key, without_items(rendered))
    return rendered, cache_key


def _attach(content, rendered, style: Style) -> None:
    """What the templates and the other plugins read of the post's citations."""
    content._content = rendered.content
    _summaries_without_citations(content)
    content.references = rendered.references
    set_cited_works(
        content,
        [
            CitedWork(r.work_id, r.title, doi=normalize_doi(r.doi), pmid=r.pmid, pmcid=r.pmcid)
            for r in rendered.references
            if r.resolved
        ],
    )
    content.unresolved_citations = rendered.unresolved
    content.citation_style = style


def _uncited(generator) -> None:
    """Each post's ``uncited_references``: the entries of its own bibliography files that
    it never cites. A file that several posts name is a shared library (a Zotero export
    given to every post), not a post's reference list, so its entries are not counted."""
    state = build_state.state_for(generator.settings)
    naming = Counter(
        path for _, files, _ in state.own_bibliographies for path in {p.resolve() for p in files}
    )
    for content, files, cited in state.own_bibliographies:
        own = [p for p in files if naming[p.resolve()] == 1]
        keys = state.bibliographies.load(own).entries if own else {}
        content.uncited_references = [k for k in keys if k not in cited]
    state.own_bibliographies.clear()  # posts first, then pages


def _summaries_without_citations(content) -> None:
    """Excerpts shown on index pages drop the citation numbers (see intext.strip_citations).
    Pelican's memoised ``get_summary`` is wrapped on this object only."""
    original = content.get_summary

    def get_summary(siteurl: str) -> str:
        return strip_citations(original(siteurl))

    content.get_summary = get_summary


def _warn_notices(state: BuildState, content, source: str) -> None:
    for reference in content.references:
        for notice in reference.notices:
            marker = (source, reference.work_id, notice.kind)
            if marker in state.warned:
                continue
            state.warned.add(marker)
            where = f" (notice: doi:{notice.doi})" if notice.doi else ""
            logger.warning(
                "%s: reference %d (%s) is flagged by Crossref: %s%s; its entry is labelled",
                display_path(source),
                reference.number,
                reference.work_id,
                notice.label.lower(),
                where,
            )


def _finalize_posts(generator) -> None:
    """Cite this post, head metadata, JSON-LD and the Cited works index."""
    settings = generator.settings
    state = build_state.state_for(settings)
    posts = [p for p in generator_contents(generator) if p.__class__.__name__ == "Article"]
    items = [post_item(post, settings) for post in posts]
    indexed = {  # published posts and translations: by identity, not a scan per post
        id(p)
        for p in [
            *(getattr(generator, "articles", None) or []),
            *(getattr(generator, "translations", None) or []),
        ]
    }
    styles = [
        (label, style)
        for label, spec in state.config["CITATIONS_CITE_THIS_STYLES"]
        if (style := state.style(spec, None, None)) is not None
    ]
    _share_cite_this(state, [(style, item) for item in items for _, style in styles])
    for post, item in zip(posts, items, strict=True):
        references = getattr(post, "references", None) or []
        derived = _from_references(state, post, references)
        post.highwire_tags = highwire_tags(
            post,
            settings,
            references,
            with_authors=_emit_authors(post, state),
            reference_tags=derived.reference_tags,
        )
        texts = [(label, state.formatter.entry(style, item)) for label, style in styles]
        own, refs = downloads(post, bool(references))
        post.cite_this = CiteThis(texts=texts, downloads=own, reference_downloads=refs)
        post.cite_this_item = item
        contribute_feed_section(post, "references", derived.feed_section)
        if references:
            contribute_jsonld(post, {"citation": list(derived.jsonld)})
        if id(post) in indexed:
            _index_works(state, post, references)


@dataclass(frozen=True)
class _FromReferences:
    """What a post's head, feed entry and JSON-LD take from its reference list alone."""

    reference_tags: tuple[str, ...]  # one Highwire citation_reference per resolved work
    feed_section: Markup
    jsonld: tuple[dict[str, Any], ...]


def _from_references(state: BuildState, post, references) -> _FromReferences:
    """Made from the references alone, so kept in the build memo under the key of the
    post's rendering (its inputs make the references): an unchanged post costs one recall
    instead of a pass over every work it cites."""

    def compute() -> _FromReferences:
        return _FromReferences(
            reference_tags=tuple(
                state.work(
                    "highwire",
                    (state.fingerprint(r.csl).hex(),),
                    lambda item=r.csl: citation_reference(item),
                )
                for r in references
                if r.resolved
            ),
            feed_section=references_section(references),
            jsonld=tuple(_jsonld(state, r) for r in references),
        )

    key = getattr(post, "citations_render_key", None)
    if not references or key is None:
        return compute()
    return incremental.memo().remember("citations.from_references", key, compute)


def _share_cite_this(state: BuildState, jobs: list[tuple[Style, dict[str, Any]]]) -> None:
    """On a cold build, a second process formats the second half of the "Cite this post"
    texts while this one formats the first half (see ``prefetch``)."""
    choice = state.config["CITATIONS_FORMAT_IN_BACKGROUND"]
    if state.formatter.prefetch is not None:  # the works are all formatted by now
        state.formatter.prefetch.close()
        state.formatter.prefetch = None
    if not choice or not prefetch.available():
        return
    missing = [j for j in jobs if state.formatter.known(state.formatter.entry_key(*j)) is None]
    if choice == "auto" and len(missing) < prefetch.AUTO_MINIMUM:
        return
    worker = prefetch.Prefetcher(state.formatter, missing[len(missing) // 2 :])
    if worker.jobs:
        state.formatter.prefetch = worker


def _jsonld(state: BuildState, reference) -> dict[str, Any]:
    """One JSON-LD citation per work, kept across builds (many posts cite the same works).
    Besides the item, only the DOI may come from elsewhere (the identifier cited)."""
    if not reference.resolved:
        return jsonld_citation(reference)
    return state.work(
        "jsonld",
        (state.fingerprint(reference.csl).hex(), reference.doi),
        lambda: jsonld_citation(reference),
    )


def _index_works(state: BuildState, post, references) -> None:
    for reference in references:
        if not reference.resolved:
            continue
        work = state.works.setdefault(
            reference.work_id,
            {
                "anchor": reference.work_anchor,
                "item": reference.csl,
                "posts": [],
            },
        )
        if not work["posts"] or work["posts"][-1] is not post:  # posts come one by one
            work["posts"].append(post)


def _emit_authors(post, state: BuildState) -> bool:
    """``citation_author`` belongs to the authors plugin when it writes them for the post."""
    choice = state.config["CITATIONS_HIGHWIRE_AUTHORS"]
    return not head_authors(post) if choice == "auto" else bool(choice)


def _finished(pelican) -> None:
    build_state.end_build()


def register() -> None:
    declare_field(
        "bibliography",
        fields.LIST,
        "bibliography files for this post (.bib, .json, .yaml), relative to the post's folder",
        "refs.bib",
    )
    declare_field(
        "csl", fields.TEXT, "citation style for this post: a CSL style name or a .csl file", "apa"
    )
    declare_field("citation_style", fields.TEXT, "the same as csl:", "nlm-citation-sequence")
    signals.initialized.connect(_initialized)
    signals.article_generator_preread.connect(_preread)
    signals.content_object_init.connect(_content_init)
    signals.article_generator_finalized.connect(_uncited)  # before quality reads them
    signals.article_generator_finalized.connect(_finalize_posts)
    signals.page_generator_finalized.connect(_uncited)
    signals.get_generators.connect(CitationOutputs.add_to_build)
    signals.finalized.connect(_finished)
