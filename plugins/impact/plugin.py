"""Pelican side of the impact plugin: read the committed figures, share them, export them.

Runs offline on every build. The figures are loaded at generator time, not by the reader,
because Pelican caches reader output per post: figures baked into it would go stale when
only ``content/data/impact/`` changes.

Context for templates and later plugins:

* ``impact_figures``: :class:`impact.store.Figures` (mapping key -> ImpactRecord,
  ``.lookup(doi=…, pmid=…, orcid=…)``, ``.history(key, figure)``).
* ``impact_figure_info``: :data:`impact.store.FIGURES` (label and meaning of each figure).
* ``impact_provider_names``: provider id -> display name.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from meded_core import Problem, incremental, report
from meded_core.build_outputs import claim
from meded_core.identifiers import doi_url, normalize_doi, normalize_orcid, orcid_url, pubmed_url
from meded_core.shared import post_people
from pelican import signals

from .export import export_records, write_exports
from .settings import SETTINGS
from .store import (
    FIGURES,
    PROVIDER_NAMES,
    Figures,
    ImpactDataError,
    ImpactRecord,
    data_digest,
    data_folder,
    figures_for,
)

logger = logging.getLogger("meded.impact")

# Per build: post DOI -> (url, title), ORCID -> author page url. Reset at `initialized`.
_site: dict[str, dict[str, Any]] = {"posts": {}, "authors": {}}


def _initialized(pelican) -> None:
    _site["posts"] = {}
    _site["authors"] = {}


def _site_figures(settings: dict[str, Any]) -> Figures:
    try:
        return figures_for(settings)
    except ImpactDataError as exc:
        report(Problem(source=exc.path, message=exc.problem, fix=exc.fix, line=exc.line))
        return Figures()


def _add_context(generator) -> None:
    if "impact_figures" not in generator.context:
        generator.context["impact_figures"] = _site_figures(generator.settings)
        generator.context["impact_figure_info"] = FIGURES
        generator.context["impact_provider_names"] = PROVIDER_NAMES


def _absolute(settings: dict[str, Any], url: str) -> str:
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    return f"{siteurl}/{url}" if siteurl else url


def _collect_site(generator) -> None:
    """Remember each post's URL by its DOI and each author's page by ORCID (for the export)."""
    for article in list(generator.articles) + list(getattr(generator, "translations", [])):
        doi = normalize_doi(getattr(article, "doi", None) or article.metadata.get("doi"))
        if doi:
            _site["posts"][doi] = (_absolute(generator.settings, article.url), article.title)
        for person in post_people(article) or ():
            orcid = normalize_orcid(person.orcid or "")
            if orcid:
                _site["authors"][orcid] = _absolute(generator.settings, person.url)


def _url_for(record: ImpactRecord) -> str | None:
    if record.kind == "post" and record.doi in _site["posts"]:
        return _site["posts"][record.doi][0]
    if record.kind == "author" and record.orcid:
        return _site["authors"].get(record.orcid) or orcid_url(record.orcid)
    if record.doi:
        return doi_url(record.doi)
    return pubmed_url(record.pmid) if record.pmid else None


def _export(pelican) -> None:
    settings = pelican.settings
    values = SETTINGS.values(settings)
    if not values["IMPACT_EXPORT"]:
        return
    figures = _site_figures(settings)
    folder = Path(pelican.output_path) / values["IMPACT_EXPORT_PATH"]
    memo = incremental.memo()
    key = incremental.digest(
        incremental.code_of(__file__), incremental.inputs().today, data_digest(settings), _site
    )
    paths = [folder / "impact.json", folder / "impact.csv"]
    for path in paths:
        claim(path)  # part of this build even when left as it is
    current = [memo.output_is_current(path, key) for path in paths]  # both are recorded
    if all(current):
        return
    write_exports(folder, export_records(figures, _url_for))
    for path in paths:
        memo.output_written(path, key)
    logger.info("impact: exported %d record(s) to %s", len(figures), folder)


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.generator_init.connect(_add_context)
    signals.article_generator_finalized.connect(_collect_site)
    signals.finalized.connect(_export)


__all__ = ["data_folder", "register"]
