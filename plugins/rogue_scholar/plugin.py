"""Signal wiring: report problems of the stored post DOI file once per build.

The DOIs themselves reach posts through ``meded_core.post_dois`` (site_meta reads them
beside the post's own ``doi:``), so every plugin sees one DOI per post.
"""

from __future__ import annotations

from meded_core import report
from meded_core.post_dois import post_dois_for
from pelican import signals

from . import settings  # noqa: F401  (declares ROGUE_SCHOLAR_PREFIX, checked every build)


def _report(generator) -> None:
    report(*post_dois_for(generator.settings)[1])


def register() -> None:
    signals.article_generator_init.connect(_report)
