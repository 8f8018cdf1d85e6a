"""``output/impact/impact.json`` and ``impact.csv``: the figures for dossiers and spreadsheets.

Promotion committees ask for numbers in a spreadsheet, with where they came from and when.
The JSON is a list of records, one per work, post or author::

    {"kind": "work", "doi": "10.7717/peerj.4375", "pmid": "29456894",
     "url": "https://doi.org/10.7717/peerj.4375", "title": "…",
     "metrics": {"openalex.cited_by_count": {"value": 962, "as_of": "2026-11-27"}, …}}

The CSV has one row per figure (``kind, doi, pmid, orcid, title, url, figure, provider,
value, as_of``), the shape spreadsheets filter and pivot best. Cells that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@`` …, also after leading spaces, tabs or
line breaks, which spreadsheets skip) are prefixed with ``'``.
"""

from __future__ import annotations

from collections.abc import Callable
import csv
import io
import json
from pathlib import Path
from typing import Any

from .store import Figures, ImpactRecord, atomic_write, provider_of

CSV_COLUMNS = (
    *("kind", "doi", "pmid", "orcid", "title", "url"),  # the record
    *("figure", "provider", "value", "as_of"),  # one of its figures
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

UrlResolver = Callable[[ImpactRecord], str | None]


def export_records(figures: Figures, url_for: UrlResolver | None = None) -> list[dict[str, Any]]:
    """One plain record per work/post/author that has at least one figure, sorted by key."""
    records = []
    for key in sorted(figures.records):
        record = figures.records[key]
        if not record.metrics:
            continue
        item: dict[str, Any] = {"kind": record.kind}
        for scheme in ("doi", "pmid", "orcid"):
            if record.ids.get(scheme):
                item[scheme] = record.ids[scheme]
        url = url_for(record) if url_for else None
        if url:
            item["url"] = url
        item["title"] = record.title
        item["metrics"] = {
            name: {"value": entry["value"], "as_of": entry["as_of"]}
            for name, entry in sorted(record.metrics.items())
        }
        records.append(item)
    return records


def csv_cell(value: Any) -> str:
    """One CSV cell as a spreadsheet shows it and never runs it (also for the portfolio CSV)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = "" if value is None else str(value)
    risky = text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START)
    return f"'{text}" if risky else text


def csv_text(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in records:
        for name, entry in item["metrics"].items():
            row = {**item, "figure": name, "provider": provider_of(name), **entry}
            writer.writerow([csv_cell(row.get(column, "")) for column in CSV_COLUMNS])
    return buffer.getvalue()


def write_exports(folder: Path, records: list[dict[str, Any]]) -> tuple[Path, Path]:
    """Write impact.json and impact.csv into ``folder`` (atomically, like the data files)."""
    json_path = folder / "impact.json"
    csv_path = folder / "impact.csv"
    atomic_write(
        json_path, json.dumps(records, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    )
    atomic_write(csv_path, csv_text(records))
    return json_path, csv_path
