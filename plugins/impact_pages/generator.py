"""The Pelican generator: attach each post's impact, then write the impact pages.

It runs after the articles and pages generators have finished their context (so the
authors, citations and quality plugins have already attached their data) and before any
page is written, so ``article.impact`` is ready for the post templates.

Outputs (paths are settings, see settings.py): the dashboard ``impact/``, the metrics
explainer ``impact/metrics/``, one printable portfolio and one CSV per author, and the
SVG charts under ``impact/charts/``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from impact.settings import SETTINGS as IMPACT_SETTINGS
from impact.store import FIGURES, PROVIDER_NAMES, Figures, ImpactDataError, figures_for
from meded_core import Problem, report
from meded_core.contents import OutputGenerator, canonical_root
from meded_core.people import site_people

from .dashboard import build_dashboard
from .evidence import WorkMemo, post_impact
from .portfolio import build_portfolio, portfolio_csv
from .settings import ALTMETRIC_BADGE_TYPES, SETTINGS, BadgeOptions

logger = logging.getLogger("meded.impact_pages")

FIELD = "altmetric_badge_type"


def site_figures(context: dict[str, Any], settings: dict[str, Any]) -> Figures:
    figures = context.get("impact_figures")
    if isinstance(figures, Figures):
        return figures
    try:
        return figures_for(settings)
    except ImpactDataError:
        return Figures()  # the impact plugin reports the broken file


def post_badge_type(post: Any, default: str) -> str:
    """The post's ``altmetric_badge_type`` when valid; a wrong one is reported, not fatal."""
    value = (getattr(post, "metadata", None) or {}).get(FIELD)
    if value is None or value == "":
        return default
    text = str(value).strip().lower()
    if text in ALTMETRIC_BADGE_TYPES:
        return text
    lines = post.metadata.get("front_matter_lines") or {}
    report(
        Problem(
            source=getattr(post, "source_path", "") or "",
            line=lines.get(FIELD),
            field=FIELD,
            message=f"{value!r} is not an Altmetric badge type",
            fix=f"use one of {', '.join(ALTMETRIC_BADGE_TYPES)} (using {default!r} for now)",
        )
    )
    return default


class ImpactPagesGenerator(OutputGenerator):
    """Adds ``impact`` to posts and pages; writes the dashboard, explainer and portfolios."""

    def generate_context(self) -> None:
        values = SETTINGS.values(self.settings)  # meded_core reports wrong values
        self.values = values
        self.options = BadgeOptions.from_values(values)
        self.figures = site_figures(self.context, self.settings)
        self.today = dt.date.today()
        stale_days = values["IMPACT_STALE_DAYS"]

        posts = list(self.context.get("articles") or [])
        others = [
            item
            for name in ("hidden_articles", "drafts", "pages", "hidden_pages")
            for item in self.context.get(name) or []
        ]
        memo = WorkMemo()  # each cited work's figures and badge once per build
        for item in posts + others:
            item.impact = post_impact(
                item,
                self.figures,
                self.options,
                stale_days=stale_days,
                today=self.today,
                badge_type=post_badge_type(item, self.options.badge_type),
                memo=memo,
            )

        self.dashboard = build_dashboard(
            posts,
            self.figures,
            stale_days=stale_days,
            top=values["IMPACT_DASHBOARD_TOP"],
            chart_series=values["IMPACT_CHART_SERIES"],
            today=self.today,
        )
        charts_dir = values["IMPACT_CHARTS_PATH"].strip("/")
        for chart in self.dashboard.charts:
            chart.path = f"{charts_dir}/{chart.slug}.svg"

        self.portfolios = self._portfolios(posts, stale_days)
        for portfolio in self.portfolios.values():
            if portfolio.chart is not None:
                portfolio.chart.path = f"{charts_dir}/{portfolio.chart.slug}.svg"

        self.context.update(
            impact_options=self.options,
            impact_dashboard=self.dashboard,
            impact_portfolios=self.portfolios,
            impact_dashboard_url=values["IMPACT_DASHBOARD_URL"],
            impact_metrics_url=values["IMPACT_METRICS_URL"],
            impact_stale_days=stale_days,
            impact_export_urls=self._export_urls(),
            impact_scripts={
                "altmetric": values["ALTMETRIC_EMBED_URL"],
                "dimensions": values["DIMENSIONS_EMBED_URL"],
                "plumx": values["PLUMX_EMBED_URL"],
            },
            impact_metrics_sections=self._metrics_sections(),
        )

    # --- pieces ---------------------------------------------------------------------------

    def _export_urls(self) -> dict[str, str]:
        export = IMPACT_SETTINGS.values(self.settings)
        if not export["IMPACT_EXPORT"]:
            return {}
        folder = export["IMPACT_EXPORT_PATH"].strip("/")
        return {"json": f"{folder}/impact.json", "csv": f"{folder}/impact.csv"}

    def _portfolios(self, posts: list[Any], stale_days: int) -> dict[str, Any]:
        registry = site_people(self.settings)
        reviews = self.context.get("quality_reviews_by_author") or {}
        result = {}
        for author, _ in self.context.get("authors") or []:
            slug = getattr(author, "slug", None)
            if not slug or slug in result:
                continue
            record = registry.get(slug)
            name = getattr(record, "name", None) or str(author)
            portfolio = build_portfolio(
                slug,
                name,
                record,
                posts,
                reviews,
                self.figures,
                stale_days=stale_days,
                today=self.today,
            )
            portfolio.url = self.values["IMPACT_PORTFOLIO_URL"].format(slug=slug)
            portfolio.save_as = self.values["IMPACT_PORTFOLIO_SAVE_AS"].format(slug=slug)
            portfolio.csv_save_as = self.values["IMPACT_PORTFOLIO_CSV"].format(slug=slug)
            portfolio.csv_url = portfolio.csv_save_as
            result[slug] = portfolio
        return result

    def _metrics_sections(self) -> list[dict[str, Any]]:
        """Figures grouped by provider for the explainer (labels from impact.store)."""
        sections = []
        for provider, name in PROVIDER_NAMES.items():
            figures = [
                (figure, info.label, info.help)
                for figure, info in FIGURES.items()
                if figure.startswith(f"{provider}.")
            ]
            sections.append({"id": provider, "name": name, "figures": figures})
        return sections

    # --- output ---------------------------------------------------------------------------

    def _write_raw(self, relative: str, text: str) -> None:
        target = Path(self.output_path) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")

    def _write_page(self, writer, save_as: str, url: str, template: str, **extra) -> None:
        if not save_as:
            return
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            url=url,
            template_name=template,
            **extra,
        )

    def generate_output(self, writer) -> None:
        for chart in self.dashboard.charts:
            self._write_raw(chart.path, chart.svg)
        for save_as, url, template, page_name in (
            ("IMPACT_DASHBOARD_SAVE_AS", "IMPACT_DASHBOARD_URL", "impact_dashboard", "impact"),
            ("IMPACT_METRICS_SAVE_AS", "IMPACT_METRICS_URL", "impact_metrics", "impact-metrics"),
        ):
            page = (self.values[save_as], self.values[url], template)
            self._write_page(writer, *page, page_name=page_name)
        root = canonical_root(self.settings)
        for portfolio in self.portfolios.values():
            if portfolio.chart is not None:
                self._write_raw(portfolio.chart.path, portfolio.chart.svg)
            self._write_page(
                writer,
                portfolio.save_as,
                portfolio.url,
                "impact_portfolio",
                portfolio=portfolio,
                page_name="impact-portfolio",
            )
            if portfolio.csv_save_as:
                self._write_raw(portfolio.csv_save_as, portfolio_csv(portfolio, root))


__all__ = ["ImpactPagesGenerator"]
