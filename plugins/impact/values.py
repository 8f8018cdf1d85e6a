"""What a figure may be: the bounds that both the fetcher and the loader enforce.

An API can answer with anything (a 400-digit count, ``NaN``, a negative number, a string),
and a stored value that no page can format would stop every build. So counts are whole
numbers from 0 to below :data:`MAX_COUNT`, ratios are finite and below :data:`MAX_RATIO`,
and dates are real calendar dates; anything else is refused on the way in and skipped (with
a report) on the way out.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

MAX_COUNT = 10**9  # no work or author has a billion citations, mentions or readers
MAX_RATIO = 10**6  # scores, RCR, FWCI, percentiles: far below this
MIN_YEAR, MAX_YEAR = 1000, 2200


def is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_COUNT


def is_number(value: Any) -> bool:
    """A finite number smaller in size than MAX_COUNT: what any figure may be (booleans are
    not numbers here). Counts and ratios have tighter bounds when they are fetched."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return -MAX_COUNT < value < MAX_COUNT


def is_year(value: Any) -> bool:
    return is_count(value) and MIN_YEAR <= value <= MAX_YEAR


def is_date(text: Any) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date."""
    if not isinstance(text, str):
        return False
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return False
    numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
    try:
        dt.date(*numbers)
    except ValueError:
        return False
    return MIN_YEAR <= numbers[0] <= MAX_YEAR


def plain(value: Any, depth: int = 0) -> bool:
    """A stored value every page can render: bounded numbers, flags, strings, and lists or
    mappings of them (counts by year, correction notices), not nested deeply."""
    if value is None or isinstance(value, (bool, str)):
        return True
    if isinstance(value, (int, float)):
        return is_number(value)
    if depth >= 3:
        return False
    if isinstance(value, list):
        return all(plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v, depth + 1) for k, v in value.items())
    return False


def shown(value: Any) -> str:
    """A value as messages quote it: its repr, cut to 40 characters."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        text = "a number too long to print"
    return text if len(text) <= 40 else text[:37] + "..."
