"""Signal wiring for the core plugin: reset, report cached problems, fail strict builds."""

from __future__ import annotations

import logging

from pelican import signals
from pelican.log import LimitFilter

from . import problems
from .jsonld import jsonld_script
from .publication import withhold_unpublished

logger = logging.getLogger("meded")


def is_strict(settings: dict) -> bool:
    """Strict mode comes from the STRICT setting (``make check`` and CI set it)."""
    value = settings.get("STRICT", False)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _start(pelican) -> None:
    """Each build starts with no problems and reports every one again.

    Pelican's log filter drops a message it has already printed in this process, which
    would hide a problem on the second build of an autoreload session (or a test run).
    """
    problems.reset()
    LimitFilter._raised_messages.clear()
    LimitFilter._ignore.clear()
    LimitFilter._group_count.clear()


def _add_filters(generator) -> None:
    generator.env.filters.setdefault("jsonld_script", jsonld_script)


def _report_cached(sender, metadata) -> None:
    """Re-report problems stored in metadata by readers.

    Pelican caches reader output, so a problem found while reading would be silent on the
    next build unless it travels with the metadata and is reported again here.
    """
    for problem in metadata.pop("content_problems", None) or []:
        problems.report(problem)


def _finish(pelican) -> None:
    found = problems.collected_problems()
    if found and is_strict(pelican.settings):
        raise problems.ContentProblemsError(found)
    if found:
        logger.warning(
            "%d content problem(s) above; `make check` fails until they are fixed.", len(found)
        )


def register() -> None:
    signals.initialized.connect(_start)
    signals.generator_init.connect(_add_filters)
    signals.article_generator_context.connect(_report_cached)
    signals.page_generator_context.connect(_report_cached)
    # Drafts leave a publish build before any other plugin reads the generators.
    signals.article_generator_pretaxonomy.connect(withhold_unpublished)
    signals.page_generator_finalized.connect(withhold_unpublished)
    signals.finalized.connect(_finish)
