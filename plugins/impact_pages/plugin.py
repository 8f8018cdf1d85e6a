"""Signal wiring of the impact pages plugin.

- ``register``: declare the ``altmetric_badge_type`` front-matter field.
- ``generator_init``: the ``impact_date`` template filter.
- ``get_generators``: :class:`ImpactPagesGenerator` attaches ``article.impact`` after the
  other plugins have attached authors, references and reviews, and writes the pages.
"""

from __future__ import annotations

from meded_core import declare_field
from meded_core.fields import TEXT
from pelican import signals

from .figure_cells import display_date
from .generator import FIELD, ImpactPagesGenerator
from .settings import ALTMETRIC_BADGE_TYPES


def _add_filters(generator) -> None:
    """``impact_date``: ISO date -> "27 Nov 2026", for every generator's templates."""
    generator.env.filters.setdefault("impact_date", display_date)


def register() -> None:
    declare_field(
        FIELD,
        TEXT,
        "Altmetric badge style for this post's badges: " + ", ".join(ALTMETRIC_BADGE_TYPES),
        "medium-donut",
    )
    signals.generator_init.connect(_add_filters)
    signals.get_generators.connect(ImpactPagesGenerator.add_to_build)
