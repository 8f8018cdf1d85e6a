"""Settings of the impact pages plugin: each with its default and help (meded_core.settings).

A wrong value (a typo in ``ALTMETRIC_BADGES``, an unknown badge type) is reported naming
the setting and the accepted values, and the default is used, so a build never stops on a
badge option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from meded_core.settings import Setting, choice, declare_settings, flag, text, whole

ALTMETRIC_MODES = ("off", "embed", "static", "both")
# Altmetric's documented badge types (badge docs, "customizations").
ALTMETRIC_BADGE_TYPES = (
    "donut",
    "medium-donut",
    "large-donut",
    "1",
    "4",
    "bar",
    "medium-bar",
    "large-bar",
)
POPOVER_SIDES = ("left", "right", "top", "bottom")
LINK_TARGETS = ("_self", "_blank")
DIMENSIONS_STYLES = (
    "small_circle",
    "medium_circle",
    "large_circle",
    "small_rectangle",
    "large_rectangle",
)
DIMENSIONS_LEGENDS = ("always", "never", "hover-top", "hover-right", "hover-bottom", "hover-left")

# fmt: off
SETTINGS = declare_settings(
    "impact_pages",
    Setting("ALTMETRIC_BADGES", "both", "`off`, `embed` (Altmetric's script only), `static` (text badges from our figures; no third-party script at all, for privacy-minded sites) or `both`", choice(*ALTMETRIC_MODES, aliases={False: "off"})),
    Setting("ALTMETRIC_BADGE_TYPE", "donut", "Altmetric badge style; a post may set `altmetric_badge_type`", choice(*ALTMETRIC_BADGE_TYPES)),
    Setting("ALTMETRIC_BADGE_POPOVER", "right", "side of the hover popover with the attention breakdown", choice(*POPOVER_SIDES)),
    Setting("ALTMETRIC_HIDE_NO_MENTIONS", True, "hide badges of works with no mentions", flag),
    Setting("ALTMETRIC_LINK_TARGET", "_self", "where the badge link opens: `_self` or `_blank` (a new tab)", choice(*LINK_TARGETS)),
    Setting("ALTMETRIC_EMBED_URL", "https://d1bxh8uas1mnw7.cloudfront.net/assets/embed.js", "Altmetric's embed script (once per page, async, only on pages with a badge)", text),
    Setting("DIMENSIONS_BADGES", False, "Dimensions citation badges next to Altmetric's (a third-party script)", flag),
    Setting("DIMENSIONS_BADGE_STYLE", "small_circle", "Dimensions badge style", choice(*DIMENSIONS_STYLES)),
    Setting("DIMENSIONS_BADGE_LEGEND", "hover-right", "when and where the Dimensions legend shows", choice(*DIMENSIONS_LEGENDS)),
    Setting("DIMENSIONS_HIDE_ZERO", True, "hide a Dimensions badge with no citations", flag),
    Setting("DIMENSIONS_EMBED_URL", "https://badge.dimensions.ai/badge.js", "Dimensions' badge script", text),
    Setting("PLUMX_BADGES", False, "PlumX (Elsevier) popups (a third-party script)", flag),
    Setting("PLUMX_POPUP", "right", "side of the PlumX popup", choice(*POPOVER_SIDES)),
    Setting("PLUMX_HIDE_WHEN_EMPTY", True, "hide a PlumX widget with no metrics", flag),
    Setting("PLUMX_EMBED_URL", "https://cdn.plu.mx/widget-popup.js", "PlumX's widget script", text),
    Setting("IMPACT_DASHBOARD_URL", "impact/", "URL of the site impact dashboard", text),
    Setting("IMPACT_DASHBOARD_SAVE_AS", "impact/index.html", "where the dashboard is written (empty: not written)", text),
    Setting("IMPACT_METRICS_URL", "impact/metrics/", 'URL of the metrics explainer ("What is this?" links point here)', text),
    Setting("IMPACT_METRICS_SAVE_AS", "impact/metrics/index.html", "where the metrics explainer is written (empty: not written)", text),
    Setting("IMPACT_PORTFOLIO_URL", "authors/{slug}/portfolio/", "URL of each author's printable impact portfolio", text),
    Setting("IMPACT_PORTFOLIO_SAVE_AS", "authors/{slug}/portfolio/index.html", "where each portfolio is written (empty: not written)", text),
    Setting("IMPACT_PORTFOLIO_CSV", "authors/{slug}/impact.csv", "each author's figures as CSV (empty: not written)", text),
    Setting("IMPACT_CHARTS_PATH", "impact/charts", "folder under the output for the SVG charts", text),
    Setting("IMPACT_STALE_DAYS", 120, "figures older than this many days show their as-of date prominently", whole(1)),
    Setting("IMPACT_DASHBOARD_TOP", 10, "rows in each ranking of the dashboard", whole(1)),
    Setting("IMPACT_CHART_SERIES", 5, "works drawn in the attention trend chart", whole(1)),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged


# BadgeOptions field -> the setting it comes from (the defaults are the settings' defaults).
_BADGE_SETTINGS = {
    "altmetric": "ALTMETRIC_BADGES", "badge_type": "ALTMETRIC_BADGE_TYPE",
    "popover": "ALTMETRIC_BADGE_POPOVER", "hide_no_mentions": "ALTMETRIC_HIDE_NO_MENTIONS",
    "link_target": "ALTMETRIC_LINK_TARGET", "dimensions": "DIMENSIONS_BADGES",
    "dimensions_style": "DIMENSIONS_BADGE_STYLE", "dimensions_legend": "DIMENSIONS_BADGE_LEGEND",
    "dimensions_hide_zero": "DIMENSIONS_HIDE_ZERO", "plumx": "PLUMX_BADGES",
    "plumx_popup": "PLUMX_POPUP", "plumx_hide_when_empty": "PLUMX_HIDE_WHEN_EMPTY",
}  # fmt: skip


@dataclass(frozen=True)
class BadgeOptions:
    """What badge markup a page gets, decided once per build from the settings."""

    altmetric: str = DEFAULTS["ALTMETRIC_BADGES"]  # off | embed | static | both
    badge_type: str = DEFAULTS["ALTMETRIC_BADGE_TYPE"]
    popover: str = DEFAULTS["ALTMETRIC_BADGE_POPOVER"]
    hide_no_mentions: bool = DEFAULTS["ALTMETRIC_HIDE_NO_MENTIONS"]
    link_target: str = DEFAULTS["ALTMETRIC_LINK_TARGET"]
    dimensions: bool = DEFAULTS["DIMENSIONS_BADGES"]
    dimensions_style: str = DEFAULTS["DIMENSIONS_BADGE_STYLE"]
    dimensions_legend: str = DEFAULTS["DIMENSIONS_BADGE_LEGEND"]
    dimensions_hide_zero: bool = DEFAULTS["DIMENSIONS_HIDE_ZERO"]
    plumx: bool = DEFAULTS["PLUMX_BADGES"]
    plumx_popup: str = DEFAULTS["PLUMX_POPUP"]
    plumx_hide_when_empty: bool = DEFAULTS["PLUMX_HIDE_WHEN_EMPTY"]

    @property
    def embed(self) -> bool:
        """Altmetric's own script renders badges."""
        return self.altmetric in ("embed", "both")

    @property
    def static(self) -> bool:
        """Our text fallback from the committed figures is shown."""
        return self.altmetric in ("static", "both")

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> BadgeOptions:
        return cls(**{option: values[name] for option, name in _BADGE_SETTINGS.items()})
