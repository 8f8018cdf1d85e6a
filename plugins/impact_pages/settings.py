"""Default settings of the impact pages plugin, merged with the site's own values.

Every setting works when absent (pelican-plugins ``seo`` pattern). A wrong value (a typo
in ``ALTMETRIC_BADGES``, an unknown badge type) is reported as a content problem naming
the setting and the accepted values, and the default is used, so a build never stops on
a badge option.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from meded_core import Problem

CONFIG = "pelican.conf.py"

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

DEFAULTS: dict[str, Any] = {
    # off | embed (Altmetric's script) | static (text from our data, no third party) | both
    "ALTMETRIC_BADGES": "both",
    # donut, medium-donut, large-donut, 1, 4, bar, medium-bar, large-bar (a post may set
    # altmetric_badge_type)
    "ALTMETRIC_BADGE_TYPE": "donut",
    # side of the hover popover with the attention breakdown: left, right, top, bottom
    "ALTMETRIC_BADGE_POPOVER": "right",
    # hide a badge when Altmetric has no mentions of the work
    "ALTMETRIC_HIDE_NO_MENTIONS": True,
    # where the badge's link opens: _self (this tab) or _blank (a new tab)
    "ALTMETRIC_LINK_TARGET": "_self",
    # Altmetric's embed script (once per page, async, only on pages with a badge)
    "ALTMETRIC_EMBED_URL": "https://d1bxh8uas1mnw7.cloudfront.net/assets/embed.js",
    # Dimensions citation badges next to Altmetric's (third-party script; off by default)
    "DIMENSIONS_BADGES": False,
    "DIMENSIONS_BADGE_STYLE": "small_circle",
    "DIMENSIONS_BADGE_LEGEND": "hover-right",
    "DIMENSIONS_HIDE_ZERO": True,
    "DIMENSIONS_EMBED_URL": "https://badge.dimensions.ai/badge.js",
    # PlumX (Elsevier) popup widgets (third-party script; off by default)
    "PLUMX_BADGES": False,
    "PLUMX_POPUP": "right",
    "PLUMX_HIDE_WHEN_EMPTY": True,
    "PLUMX_EMBED_URL": "https://cdn.plu.mx/widget-popup.js",
    # the site impact dashboard
    "IMPACT_DASHBOARD_URL": "impact/",
    "IMPACT_DASHBOARD_SAVE_AS": "impact/index.html",
    # the metrics explainer ("What is this?" links point here)
    "IMPACT_METRICS_URL": "impact/metrics/",
    "IMPACT_METRICS_SAVE_AS": "impact/metrics/index.html",
    # per-author printable impact portfolio and its CSV ({slug} = author slug)
    "IMPACT_PORTFOLIO_URL": "authors/{slug}/portfolio/",
    "IMPACT_PORTFOLIO_SAVE_AS": "authors/{slug}/portfolio/index.html",
    "IMPACT_PORTFOLIO_CSV": "authors/{slug}/impact.csv",
    # folder under the output for the SVG trend charts
    "IMPACT_CHARTS_PATH": "impact/charts",
    # figures older than this many days are flagged with their as-of date
    "IMPACT_STALE_DAYS": 120,
    # rows in each ranking of the dashboard
    "IMPACT_DASHBOARD_TOP": 10,
    # series (works) drawn in the attention trend chart
    "IMPACT_CHART_SERIES": 5,
}

_CHOICES: dict[str, tuple[str, ...]] = {
    "ALTMETRIC_BADGES": ALTMETRIC_MODES,
    "ALTMETRIC_BADGE_TYPE": ALTMETRIC_BADGE_TYPES,
    "ALTMETRIC_BADGE_POPOVER": POPOVER_SIDES,
    "ALTMETRIC_LINK_TARGET": LINK_TARGETS,
    "DIMENSIONS_BADGE_STYLE": DIMENSIONS_STYLES,
    "DIMENSIONS_BADGE_LEGEND": DIMENSIONS_LEGENDS,
    "PLUMX_POPUP": POPOVER_SIDES,
}
_BOOLS = (
    "ALTMETRIC_HIDE_NO_MENTIONS",
    "DIMENSIONS_BADGES",
    "DIMENSIONS_HIDE_ZERO",
    "PLUMX_BADGES",
    "PLUMX_HIDE_WHEN_EMPTY",
)
_POSITIVE_INTS = ("IMPACT_STALE_DAYS", "IMPACT_DASHBOARD_TOP", "IMPACT_CHART_SERIES")


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "on", "1"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "no", "off", "0", ""}:
        return False
    if value is None or value == 0 or value == 1:
        return bool(value)
    return None


def merged(settings: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The defaults overlaid with the site's values, checked; returns (values, problems)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []

    def bad(name: str, value: Any, accepted: str) -> None:
        problems.append(
            Problem(
                source=CONFIG,
                field=name,
                message=f"{name} = {value!r} is not a valid value",
                fix=f"use one of {accepted} (using the default {DEFAULTS[name]!r} for now)",
            )
        )

    for name, default in DEFAULTS.items():
        value = settings.get(name, default)
        if name in _CHOICES:
            text = str(value).strip().lower() if value is not None else ""
            if name == "ALTMETRIC_BADGES" and value is False:
                text = "off"  # ALTMETRIC_BADGES = False reads naturally as "off"
            if text not in _CHOICES[name]:
                bad(name, value, ", ".join(repr(c) for c in _CHOICES[name]))
                text = default
            value = text
        elif name in _BOOLS:
            flag = _as_bool(value)
            if flag is None:
                bad(name, value, "True or False")
                flag = default
            value = flag
        elif name in _POSITIVE_INTS:
            try:
                value = int(value)
                if value < 1:
                    raise ValueError
            except (TypeError, ValueError):
                bad(name, value, "a whole number of at least 1")
                value = default
        else:
            value = str(value) if value is not None else ""
        values[name] = value
    return values, problems


@dataclass(frozen=True)
class BadgeOptions:
    """What badge markup a page gets, decided once per build from the settings."""

    altmetric: str = "both"  # off | embed | static | both
    badge_type: str = "donut"
    popover: str = "right"
    hide_no_mentions: bool = True
    link_target: str = "_self"
    dimensions: bool = False
    dimensions_style: str = "small_circle"
    dimensions_legend: str = "hover-right"
    dimensions_hide_zero: bool = True
    plumx: bool = False
    plumx_popup: str = "right"
    plumx_hide_when_empty: bool = True

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
        return cls(
            altmetric=values["ALTMETRIC_BADGES"],
            badge_type=values["ALTMETRIC_BADGE_TYPE"],
            popover=values["ALTMETRIC_BADGE_POPOVER"],
            hide_no_mentions=values["ALTMETRIC_HIDE_NO_MENTIONS"],
            link_target=values["ALTMETRIC_LINK_TARGET"],
            dimensions=values["DIMENSIONS_BADGES"],
            dimensions_style=values["DIMENSIONS_BADGE_STYLE"],
            dimensions_legend=values["DIMENSIONS_BADGE_LEGEND"],
            dimensions_hide_zero=values["DIMENSIONS_HIDE_ZERO"],
            plumx=values["PLUMX_BADGES"],
            plumx_popup=values["PLUMX_POPUP"],
            plumx_hide_when_empty=values["PLUMX_HIDE_WHEN_EMPTY"],
        )
