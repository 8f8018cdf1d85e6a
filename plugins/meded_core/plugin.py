"""Signal wiring for the core plugin: reset, report cached problems, fail strict builds,
and open and save the build's incremental-build memo (``incremental``)."""

from __future__ import annotations

import logging

from pelican import signals
from pelican.log import LimitFilter, console

from . import incremental, problems
from .collisions import drop_colliding_outputs, quiet_same_slug_notices
from .fields import as_bool
from .jsonld import jsonld_script
from .publication import withhold_unpublished
from .settings import add_defaults, check_settings

logger = logging.getLogger("meded")


def is_strict(settings: dict) -> bool:
    """Strict mode comes from the STRICT setting (``make check`` and CI set it)."""
    return as_bool(settings.get("STRICT"))


def _start(pelican) -> None:
    """Each build starts with no problems and reports every one again.

    Pelican's log filter drops a message it has already printed in this process, which
    would hide a problem on the second build of an autoreload session (or a test run).
    """
    problems.reset()
    add_defaults(pelican.settings)  # every plugin is registered by now
    problems.quiet_strict_failure(logging.getLogger("pelican"))
    quiet_same_slug_notices()
    LimitFilter._raised_messages.clear()
    LimitFilter._ignore.clear()
    LimitFilter._group_count.clear()


def _skip_unchanged_builds(pelican) -> None:
    """Each run first checks whether anything it would read changed (``incremental``).

    When nothing did and ``output/`` is as the last finished build left it, the run stops:
    the problems that build found are reported again and a strict build still fails.
    """
    run = pelican.run

    def run_unless_unchanged():
        found = incremental.unchanged_build(pelican.settings)
        if found is None:
            return run()
        problems.reset()
        problems.report(*found)
        message = "Nothing changed since the last build: the output folder is up to date."
        logger.info(message)  # for code that runs a build
        console.print(f"Done: {message}")  # what Pelican prints when a build finishes
        incremental.end()
        _fail_or_warn(pelican.settings)
        return None

    pelican.run = run_unless_unchanged


def _rebuild(pelican) -> None:
    """The devserver runs one Pelican many times and sends ``initialized`` only once;
    ``get_generators`` comes at the start of every build. The first build keeps what
    plugins reported while ``initialized`` ran. Every build reports wrong plugin settings."""
    if getattr(pelican, "_meded_built", False):
        _start(pelican)
    pelican._meded_built = True
    problems.report(*check_settings(pelican.settings))  # plugins read the checked values


def _add_filters(generator) -> None:
    generator.env.filters.setdefault("jsonld_script", jsonld_script)
    if generator.env.bytecode_cache is None:  # compiled templates are kept between builds
        generator.env.bytecode_cache = incremental.TemplateBytecode()


def _report_cached(sender, metadata) -> None:
    """Re-report problems stored in metadata by readers.

    Pelican caches reader output, so a problem found while reading would be silent on the
    next build unless it travels with the metadata and is reported again here.
    """
    problems.report(*(metadata.pop("content_problems", None) or []))


def _settle_contents(generator) -> None:
    """Right after reading: drafts out of publish builds, then one file per output path."""
    withhold_unpublished(generator)
    drop_colliding_outputs(generator)


def _finish_last(pelican) -> None:
    """Move :func:`_finish` behind every other plugin's ``finalized`` handler.

    Signals call receivers in connection order and stop at the first that raises; a
    strict failure raised first would skip the other plugins' cache saves, sitemap and
    search index. ``initialized`` is sent once every plugin is registered.
    """
    signals.finalized.disconnect(_finish)
    signals.finalized.connect(_finish)


def _finish(pelican) -> None:
    incremental.finish(pelican.settings, problems.collected_problems())
    _fail_or_warn(pelican.settings)


def _fail_or_warn(settings) -> None:
    found = problems.collected_problems()
    if found and is_strict(settings):
        raise problems.ContentProblemsError(found)
    if found:
        logger.warning(
            "%d content problem(s) above; `make check` fails until they are fixed.", len(found)
        )


def register() -> None:
    signals.initialized.connect(_start)
    signals.initialized.connect(_finish_last)
    signals.initialized.connect(_skip_unchanged_builds)
    signals.get_generators.connect(_rebuild)
    signals.generator_init.connect(_add_filters)
    signals.article_generator_context.connect(_report_cached)
    signals.page_generator_context.connect(_report_cached)
    # Before any other plugin reads the generators (this plugin is registered first).
    signals.article_generator_pretaxonomy.connect(_settle_contents)
    signals.page_generator_finalized.connect(_settle_contents)
    signals.finalized.connect(_finish)
