"""Default settings of the quality plugin; a site overrides any of them in pelican.conf.py.

Defaults live here (not only in pelican.conf.py) so the plugin works when a setting is
absent, e.g. in a site that enables the plugin without copying our configuration.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # checklist items every published post must meet; `make check` fails otherwise
    "QUALITY_REQUIRED": [
        "named-authors",
        "conflicts-of-interest",
        "references-given",
        "citations-resolved",
    ],
    # reviewer ratings show means and a total only from this many raters on
    "QUALITY_MIN_RATERS": 3,
    # the build date used for "due for review" (YYYY-MM-DD); None = today (or SOURCE_DATE_EPOCH)
    "QUALITY_TODAY": None,
    # review interval for posts without review_every, e.g. "24 months"; None = no schedule
    "QUALITY_REVIEW_EVERY": None,
    # a criteria file of the site's own instead of the plugin's criteria.yaml
    "QUALITY_CRITERIA_FILE": None,
    # slug of the page that explains every item (content/pages/quality-criteria.md)
    "QUALITY_CRITERIA_PAGE": "quality-criteria",
    # the site quality page: every post's checklist, review and clinical-review status
    "QUALITY_SITE_URL": "quality/",
    "QUALITY_SITE_SAVE_AS": "quality/index.html",
}


def setting(settings: dict[str, Any], name: str) -> Any:
    """The site's value of ``name`` when set, else the plugin default."""
    value = settings.get(name)
    return DEFAULTS[name] if value is None else value
