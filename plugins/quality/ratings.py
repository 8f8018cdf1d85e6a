"""Pool reviewer ratings: numbers only once enough people have rated.

One rater's structured score is about as reliable as one rater's gut feeling (single-rater
ICC about 0.4 in the METRIQ studies); averages over several raters are what the instruments
were validated for. So below the minimum the card says "provisional" and shows no numbers.
"""

from __future__ import annotations

from .criteria import Criteria
from .model import ItemMean, Rating, RatingSummary


def summarize(ratings: list[Rating], criteria: Criteria, min_raters: int) -> RatingSummary:
    """Per-item means (items scored by at least ``min_raters``) and their total.

    The total is given only when every rated item has enough raters, so that it is always
    a sum over the same items and comparable between posts.
    """
    min_raters = max(1, int(min_raters))
    items = []
    for criterion in criteria.rated:
        scores = [r.scores[criterion.id] for r in ratings if criterion.id in r.scores]
        enough = len(scores) >= min_raters
        items.append(
            ItemMean(
                criterion, len(scores), round(sum(scores) / len(scores), 1) if enough else None
            )
        )
    maximum = sum(c.scale[1] for c in criteria.rated)
    total = None
    if items and len(ratings) >= min_raters and all(i.mean is not None for i in items):
        total = round(sum(i.mean for i in items), 1)
    return RatingSummary(
        raters=len(ratings), min_raters=min_raters, items=tuple(items), total=total, maximum=maximum
    )
