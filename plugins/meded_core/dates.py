"""Dates written in front matter (``YYYY-MM-DD``, a time after it ignored), read one way."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


def parse_date(value: Any) -> dt.date:
    """``YYYY-MM-DD`` (a time after it is ignored); ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError(f"{value!r} is not a date")
    return dt.date(*(int(g) for g in match.groups()))


def long_date(day: dt.date) -> str:
    """``3 May 2025``: how the site prints a date in running text."""
    return f"{day.day} {day:%B %Y}"
