"""Default settings of the impact plugin; a site overrides any of them in pelican.conf.py.

Both the build plugin and ``make impact`` read these, merged with the site's own values,
so the two halves always agree on where the data lives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PROVIDERS = ("altmetric", "crossref", "openalex", "icite", "europepmc")

DEFAULTS: dict[str, Any] = {
    # folder of the committed figures, relative to PATH (content/)
    "IMPACT_DATA_PATH": "data/impact",
    # write output/impact/impact.json and impact.csv on every build
    "IMPACT_EXPORT": True,
    # folder under the output for the exports
    "IMPACT_EXPORT_PATH": "impact",
    # which providers `make impact` asks (a run can narrow this with --only)
    "IMPACT_PROVIDERS": list(PROVIDERS),
    # days a provider's answer stays fresh: re-runs inside the window make no requests
    "IMPACT_FRESH_DAYS": {
        "altmetric": 7,
        "crossref": 7,
        "openalex": 7,
        "icite": 30,
        "europepmc": 7,
    },
    # history points kept per figure (one is added only when a value changes)
    "IMPACT_HISTORY_POINTS": 60,
    # the HTTP cache of `make impact` (SQLite, never committed)
    "IMPACT_CACHE_PATH": ".cache/impact",
}


def merged(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The defaults overlaid with the site's IMPACT_* values (mappings merged key by key)."""
    result: dict[str, Any] = {}
    for name, default in DEFAULTS.items():
        value = settings.get(name, default)
        if isinstance(default, dict) and isinstance(value, Mapping):
            value = {**default, **value}
        result[name] = value
    return result
