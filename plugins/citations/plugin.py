"""Signal wiring of the citations plugin (the logic lives in the modules it imports).

Data flow per build: ``initialized`` adds the Markdown syntax and starts a
:class:`BuildState` (bibliographies, the committed cache, the formatter);
``content_object_init`` renders each post's citations from its recorded clusters (see
``syntax`` for why this is not done in the reader); ``article_generator_finalized`` adds
"Cite this post", Highwire tags and JSON-LD, and gathers the site-wide "Cited works"
index; a small generator writes that page and the download files; ``finalized`` saves
the caches.
"""

from __future__ import annotations

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
from meded_core.settings import CONF
from meded_core.shared import CitedWork, set_cited_works
from pelican import signals

from . import bibliography as bibliography_module
from . import prefetch, reference_cache
from .bibliography import Bibliography
from .cite_this_post import downloads, post_item
from .feed_references import references_section
from .formatting import Formatter
from .intext import strip_citations
from .lookup import Resolution, resolve_key
from .metadata import citation_reference, highwire_tags, jsonld_citation
from .model import CiteThis, Cluster
from .render import render_post
from .render_keys import Fingerprints, post_key, with_items, without_items
from .resolve import Identifier, Resolver, parse_identifier
from .settings import SETTINGS, service_urls
from .styles import Style, StyleError, load_style, style_outside
from .syntax import CitationExtension

logger = logging.getLogger(__name__)


class BuildState:
    """Everything shared by the posts of one build."""

    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        self.config = SETTINGS.values(settings)
        self.content_path = Path(settings.get("PATH", "content"))
        paths = [self._content_relative(p) for p in _as_list(self.config["CITATIONS_BIBLIOGRAPHY"])]
        self.bibliographies = bibliography_module.BibliographyFiles()
        self.site_bibliography = self.bibliographies.load([p for p in paths if p.exists()])
        for problem in self.site_bibliography.problems:
            report(problem)
        self.cache = reference_cache.load(self._content_relative(self.config["CITATIONS_CACHE"]))
        if self.cache.problem:
            report(self.cache.problem)
        self.resolver = Resolver(
            self.cache,
            service_urls(),
            online=self.config["CITATIONS_RESOLVE_ON_BUILD"],
            timeout=self.config["CITATIONS_TIMEOUT"],
            mailto=self.config["CITATIONS_MAILTO"],
        )
        self.formatter = Formatter()
        self.fingerprint = Fingerprints()
        # by bibliography identity: every one passed in is held by self.bibliographies
        self.lookups: dict[tuple[int, str, bool], Resolution | None] = {}
        self.works: dict[str, dict[str, Any]] = {}
        self.warned: set[str] = set()
        self.prefetch_checked = False
        self.styles: dict[tuple[str, Path | None], Style] = {}  # found and loaded, this build
        self.site_style = self.style(self.config["CITATION_STYLE"], None, None)

    def _content_relative(self, path: str | Path) -> Path:
        path = Path(path)
        return path if path.is_absolute() else self.content_path / path

    def style(
        self, spec: str, post_dir: Path | None, problem_at: tuple[str, int | None, str] | None
    ) -> Style | None:
        known = self.styles.get((str(spec), post_dir))
        if known is not None:
            return known
        dirs = [d for d in (post_dir, self.content_path, Path.cwd()) if d is not None]
        try:
            if problem_at is not None:  # a post's own .csl file is read from content/ only
                dirs = [d for d in (post_dir, self.content_path) if d is not None]
                if style_outside(str(spec), dirs, self.content_path):
                    raise StyleError(f"the style file '{spec}' is outside the content folder")
            style = self.styles[(str(spec), post_dir)] = load_style(str(spec), dirs)
            return style
        except StyleError as exc:
            source, line, field = problem_at or (CONF, None, "CITATION_STYLE")
            report(
                Problem(
                    source,
                    f"{exc}; the site style is used instead" if problem_at else str(exc),
                    "use a name such as american-medical-association, nlm-citation-sequence or apa "
                    "(see https://github.com/citation-style-language/styles), or a path to a .csl file",
                    line=line,
                    field=field,
                )
            )
            if problem_at is None and spec != "american-medical-association":
                return load_style("american-medical-association", dirs)
            return None

    def lookup(self, bibliography: Bibliography, key: str, narrative: bool) -> Resolution | None:
        memo_key = (id(bibliography), key, narrative)
        if memo_key not in self.lookups:
            self.lookups[memo_key] = resolve_key(
                key, bibliography, self.resolver, narrative=narrative
            )
            if self.cache.dirty:
                self.cache.save()
        return self.lookups[memo_key]

    def cached_item(
        self, key: str, bibliography: Bibliography | None = None
    ) -> dict[str, Any] | None:
        """The item ``key`` names in ``bibliography`` (the site's by default) or the
        committed cache, without asking any service (for prefetching; the build resolves
        properly)."""
        if bibliography is None:
            bibliography = self.site_bibliography
        entry = bibliography.get(key)
        if entry is not None:
            return entry.item
        parsed = parse_identifier(key)
        if not isinstance(parsed, Identifier):
            return None
        entry = bibliography.by_identifier(parsed.cache_id)
        return entry.item if entry is not None else self.cache.get(parsed.cache_id)

    def finish(self) -> None:
        if self.formatter.prefetch is not None:
            self.formatter.prefetch.close()
            self.formatter.prefetch = None
        self.cache.save()
        self.resolver.close()

    def work(self, kind: str, parts: tuple, compute):
        """A value derived from one cited work, shared by every post citing it and kept
        across builds in the build's memo."""
        key = incremental.digest(incremental.code_of(__file__), *parts)
        return incremental.memo().remember(f"citations.{kind}", key, compute)


_state: BuildState | None = None


def _as_list(value: Any) -> list[Any]:
    return fields.as_list(value)


def _initialized(pelican) -> None:
    global _state
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, CitationExtension) for e in extensions):
        extensions.append(CitationExtension())
    _state = None  # built lazily, on first use


def state_for(settings: dict[str, Any]) -> BuildState:
    global _state
    if _state is None or _state.settings is not settings:
        _state = BuildState(settings)
    return _state


def _preread(generator) -> None:
    """Before the first post of a build is read: start formatting, in a second process, the
    works the posts cite and the entry cache lacks (see ``prefetch``)."""
    state = state_for(generator.settings)
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
        path = Path(str(entry))
        if path.is_absolute() or not inside(content_root, base / path):
            problems.append(
                Problem(
                    source,
                    f"the bibliography file '{entry}' is outside the content folder; "
                    "it was not read",
                    "put the file in content/ (beside the post) and give its relative path",
                    line=line,
                    field="bibliography",
                )
            )
        elif not (base / path).exists():
            problems.append(
                Problem(
                    source,
                    f"the bibliography file '{entry}' was not found (looked in {(base / path).parent})",
                    "a relative path is read from the post's own folder; check the spelling",
                    line=line,
                    field="bibliography",
                )
            )
        else:
            paths.append(base / path)
    return paths, problems


def _content_init(content) -> None:
    if content.__class__.__name__ not in {"Article", "Page"}:
        return
    content.references, content.unresolved_citations, content.uncited_references = [], [], []
    raw = content.metadata.get("citation_clusters") or []
    text = content._content or ""
    if not raw and "data-citation=" not in text and not content.metadata.get("bibliography"):
        return
    state = state_for(content.settings)
    source = getattr(content, "source_path", "") or ""
    lines = content.metadata.get("front_matter_lines", {}) or {}
    post_dir = Path(source).parent if source else None

    bibliography = state.site_bibliography
    own_paths = _as_list(content.metadata.get("bibliography"))
    own_keys: list[str] = []
    if own_paths:
        paths, problems = own_bibliography_files(
            own_paths, post_dir, Path(content.settings["PATH"]), source, lines.get("bibliography")
        )
        for problem in problems:
            report(problem)
        own = state.bibliographies.load(paths)
        for problem in own.problems:
            report(problem)
        own_keys = list(own.entries)
        bibliography = state.bibliographies.load(paths, over=state.site_bibliography)

    style = state.site_style
    style_field = next((f for f in ("csl", "citation_style") if content.metadata.get(f)), None)
    if style_field:
        chosen = state.style(
            str(content.metadata[style_field]),
            post_dir,
            (source, lines.get(style_field), style_field),
        )
        style = chosen or style

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
    if stored is incremental.MISSING:
        clusters = [Cluster.from_dict(c) for c in raw]
        rendered = render_post(
            text, clusters, source=source, lookup=lookup, style=style, formatter=state.formatter
        )
        incremental.memo().keep("citations.post", cache_key, without_items(rendered))
    else:
        rendered = with_items(stored, items)
    for problem in rendered.problems:
        report(problem)
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
    cited = {r.key for r in rendered.references} | set(rendered.cited_keys)
    content.uncited_references = [k for k in own_keys if k not in cited]
    content.citation_style = style
    _warn_notices(state, content, source)


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
    state = state_for(settings)
    with_authors = _emit_authors(settings, state)
    posts = [p for p in generator_contents(generator) if p.__class__.__name__ == "Article"]
    items = [post_item(post, settings) for post in posts]
    styles = [
        (label, style)
        for label, spec in state.config["CITATIONS_CITE_THIS_STYLES"]
        if (style := state.style(spec, None, None)) is not None
    ]
    _share_cite_this(state, [(style, item) for item in items for _, style in styles])
    for post, item in zip(posts, items, strict=True):
        references = getattr(post, "references", None) or []
        post.highwire_tags = highwire_tags(
            post,
            settings,
            references,
            with_authors=with_authors,
            reference_tag=lambda item: state.work(
                "highwire", (state.fingerprint(item).hex(),), lambda: citation_reference(item)
            ),
        )
        texts = [(label, state.formatter.entry(style, item)) for label, style in styles]
        own, refs = downloads(post, bool(references))
        post.cite_this = CiteThis(texts=texts, downloads=own, reference_downloads=refs)
        post.cite_this_item = item
        contribute_feed_section(post, "references", references_section(references))
        if references:
            contribute_jsonld(post, {"citation": [_jsonld(state, r) for r in references]})
        if post in (getattr(generator, "articles", None) or []) or post in (
            getattr(generator, "translations", None) or []
        ):
            _index_works(state, post, references)


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
        if post not in work["posts"]:
            work["posts"].append(post)


def _emit_authors(settings: dict[str, Any], state: BuildState) -> bool:
    """citation_author belongs to the authors plugin when its head partial writes it."""
    choice = state.config["CITATIONS_HIGHWIRE_AUTHORS"]
    if choice != "auto":
        return bool(choice)
    theme = Path(settings.get("THEME", "theme"))
    partial = theme / "templates" / "partials" / "head_authors.html"
    try:
        return "citation_author" not in partial.read_text(encoding="utf-8")
    except OSError:
        return True


def _finished(pelican) -> None:
    global _state
    if _state is not None:
        _state.finish()
    _state = None


def _generators(pelican):
    from .page_and_downloads import CitationOutputs

    return CitationOutputs


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
    signals.article_generator_finalized.connect(_finalize_posts)
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_finished)


def cited_works(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The Cited works index of this build, formatted in the site style, sorted by entry."""
    state = state_for(settings)
    works = []
    for work_id, work in state.works.items():
        entry = state.formatter.entry(state.site_style, work["item"])
        posts = sorted(work["posts"], key=lambda p: p.date, reverse=True)
        works.append(
            {
                "id": work_id,
                "anchor": work["anchor"],
                "html": Markup(entry),
                "posts": posts,
                "sort": str(entry).lower(),
            }
        )
    from .csl import plain_text

    works.sort(key=lambda w: plain_text(w["sort"]))
    return works
