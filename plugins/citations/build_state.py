"""What the posts of one build share: bibliographies, the committed cache, the resolver,
the formatter and the styles, loaded once per build and dropped when it ends.

A build has one :class:`BuildState`, made on first use (:func:`state_for`); the plugin's
signal handlers and its page generator reach it through the same function, so the
generator never imports the wiring that registers it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup
from meded_core import Problem, fields, incremental, report
from meded_core.settings import CONF

from . import bibliography as bibliography_module
from . import reference_cache
from .bibliography import Bibliography
from .csl import plain_text
from .formatting import Formatter
from .lookup import Resolution, resolve_key
from .render_keys import Fingerprints
from .resolve import Identifier, Resolver, parse_identifier
from .settings import SETTINGS, service_urls
from .styles import Style, StyleError, load_style, style_outside


class BuildState:
    """Everything shared by the posts of one build."""

    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        self.config = SETTINGS.values(settings)
        self.content_path = Path(settings.get("PATH", "content"))
        paths = [
            self._content_relative(p) for p in fields.as_list(self.config["CITATIONS_BIBLIOGRAPHY"])
        ]
        self.bibliographies = bibliography_module.BibliographyFiles()
        self.site_bibliography = self.bibliographies.load([p for p in paths if p.exists()])
        report(*self.site_bibliography.problems)
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
        # (post, its own bibliography files, the keys it cites), for the uncited check
        self.own_bibliographies: list[tuple[Any, tuple[Path, ...], set[str]]] = []
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


def state_for(settings: dict[str, Any]) -> BuildState:
    """This build's state (a new one when the settings are another build's)."""
    global _state
    if _state is None or _state.settings is not settings:
        _state = BuildState(settings)
    return _state


def end_build() -> None:
    """Save the references cache, stop the helpers; the next build starts afresh."""
    global _state
    if _state is not None:
        _state.finish()
    _state = None


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
    works.sort(key=lambda w: plain_text(w["sort"]))
    return works
