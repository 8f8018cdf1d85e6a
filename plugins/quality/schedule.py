"""When a post is due for its next clinical review, against an injectable build date."""

from __future__ import annotations

import datetime as dt
import os

from .inputs import parse_date
from .model import ClinicalReview, Interval


def build_date(today_setting: object = None) -> dt.date:
    """QUALITY_TODAY if set (tests, reproducible rebuilds), else SOURCE_DATE_EPOCH, else today."""
    if today_setting:
        return parse_date(today_setting)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def clinical_review(
    last_reviewed: dt.date | None, every: Interval | None, published: dt.date, today: dt.date
) -> ClinicalReview:
    """The next review falls one interval after the last review (or after publication)."""
    if every is None:
        return ClinicalReview(last_reviewed=last_reviewed)
    due = every.after(last_reviewed or published)
    return ClinicalReview(last_reviewed=last_reviewed, every=every, due=due, overdue=today >= due)
