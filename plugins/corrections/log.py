"""Read a post's ``updates:`` list into :class:`Update` records (pure: no logging, no I/O).

A correction to clinical content is a safety matter: an entry that cannot be dated or typed
is reported with the file and line instead of being shown half-right.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import difflib
from typing import Any

from meded_core import Problem
from meded_core.dates import long_date, parse_date

# The kinds of entry an editor can log, with what readers see before the date.
TYPES = {
    "correction": "Corrected",
    "update": "Updated",
    "retraction-notice": "Retraction notice",
}
# Kinds shown prominently near the title (an update is only listed in the log).
PROMINENT = ("correction", "retraction-notice")
KEYS = ("date", "type", "text")
EXAMPLE = (
    "updates: [{date: 2025-05-03, type: correction, text: The dose was corrected to 0.1 mg/kg.}]"
)


@dataclass(frozen=True)
class Update:
    date: dt.date
    type: str
    text: str

    @property
    def label(self) -> str:
        return TYPES[self.type]

    @property
    def prominent(self) -> bool:
        return self.type in PROMINENT

    @property
    def date_text(self) -> str:
        return long_date(self.date)

    @property
    def anchor(self) -> str:
        return f"update-{self.date.isoformat()}-{self.type}"


def read_updates(value: Any, source: str, line: int | None) -> tuple[list[Update], list[Problem]]:
    """The valid entries, newest first, and one problem per entry that cannot be used."""
    problems: list[Problem] = []

    def problem(message: str, fix: str, where: str = "updates") -> None:
        problems.append(Problem(source, message, fix, line=line, field=where))

    if value in (None, "", []):
        return [], []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        problem("expected a list of entries, each with date, type and text", EXAMPLE)
        return [], problems
    updates = []
    for index, entry in enumerate(value, start=1):
        where = f"updates[{index}]"
        if not isinstance(entry, dict):
            problem("each entry needs date:, type: and text:", EXAMPLE, where)
            continue
        for key in [str(k) for k in entry if str(k) not in KEYS]:
            close = difflib.get_close_matches(key, KEYS, n=1)
            problem(
                f"unknown key '{key}' in a correction entry",
                f"did you mean '{close[0]}'?" if close else "use date, type and text",
                where,
            )
        raw_date = entry.get("date")
        if raw_date in (None, ""):
            problem(
                "the entry has no date; it is not shown",
                "add date: YYYY-MM-DD (the day the change was made)",
                f"{where}.date",
            )
            continue
        try:
            day = parse_date(raw_date)
        except ValueError:
            problem(
                f"cannot read the date {raw_date!r}; the entry is not shown",
                "write it as YYYY-MM-DD, e.g. date: 2025-05-03",
                f"{where}.date",
            )
            continue
        kind = str(entry.get("type") or "").strip().lower()
        if kind not in TYPES:
            close = difflib.get_close_matches(kind, list(TYPES), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problem(
                f"unknown type {entry.get('type')!r}; the entry is not shown"
                if kind
                else "the entry has no type; it is not shown",
                f"{hint}use one of: {', '.join(TYPES)}",
                f"{where}.type",
            )
            continue
        text = str(entry.get("text") or "").strip()
        if not text:
            problem(
                "the entry has no text; it is not shown",
                "say in one sentence what changed, e.g. text: The dose was corrected to 0.1 mg/kg.",
                f"{where}.text",
            )
            continue
        updates.append(Update(day, kind, text))
    updates.sort(key=lambda u: u.date, reverse=True)
    return updates, problems
