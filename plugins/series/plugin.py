"""Signal wiring: read -> resolve -> render for series.

``article_generator_finalized`` (every post is read by then) reads the series file and each
post's ``series:``, assembles the series, gives each part its :class:`Placement` and its
JSON-LD ``isPartOf``; a small generator writes a page per series and the series index.
"""

from __future__ import annotations

from pathlib import Path

from meded_core import Problem, contribute_jsonld, declare_field, fields, report
from meded_core.contents import OutputGenerator, canonical_root
from pelican import signals

from .catalogue import Catalogue, load_catalogue, read_membership, slugify
from .model import Placement, Series, SeriesPart
from .settings import SETTINGS


def assemble(articles: list, catalogue: Catalogue, settings: dict) -> list[Series]:
    """Every series with its parts in order; problems are reported as they are found."""
    found: dict[str, Series] = {}
    members: dict[str, list[tuple[int | None, object]]] = {}
    for post in sorted(articles, key=lambda p: p.date):
        source = getattr(post, "source_path", "")
        lines = post.metadata.get("front_matter_lines") or {}
        membership, problems = read_membership(post.metadata, source, lines)
        report(*problems)
        if membership is None:
            continue
        series = catalogue.find(membership.name)
        if series is None and catalogue.declared is not None:
            close = catalogue.suggest(membership.name)
            report(
                Problem(
                    source,
                    f"'{membership.name}' is not a series in {Path(catalogue.source).name}; "
                    "the post is shown without its series",
                    (f"did you mean '{close}'? " if close else "")
                    + f"or add the series to {Path(catalogue.source).name}",
                    line=lines.get("series"),
                    field="series",
                )
            )
            continue
        if series is None:
            slug = slugify(membership.name)
            series = found.get(slug) or Series(slug=slug, name=membership.name)
        found[series.slug] = series
        taken = {n for n, _ in members.get(series.slug, []) if n}
        number = membership.part
        if number in taken:
            report(
                Problem(
                    source,
                    f"part {number} of '{series.name}' is already another post; "
                    "this post is listed without a number",
                    "give each part its own number (series_part:)",
                    line=lines.get("series_part") or lines.get("series"),
                    field="series",
                )
            )
            number = None
        members.setdefault(series.slug, []).append((number, post))
    for slug, series in found.items():
        parts = [SeriesPart(n, str(post.title), post) for n, post in members[slug]]
        published = {p.number for p in parts if p.number}
        parts += [
            p for p in (catalogue.forthcoming or {}).get(slug, []) if p.number not in published
        ]
        parts.sort(key=lambda p: (p.number is None, p.number or 0))
        series.parts = parts
        series.url = SETTINGS.values(settings)["SERIES_URL"].format(slug=slug)
    return sorted(found.values(), key=lambda s: s.name.casefold())


def place(series: Series, root: str) -> None:
    """Each published part learns its neighbours; its JSON-LD names the series."""
    for index, part in enumerate(series.parts):
        if part.forthcoming:
            continue
        post = part.post
        post.series_placement = Placement(
            series,
            part,
            previous=series.parts[index - 1] if index > 0 else None,
            next=series.parts[index + 1] if index + 1 < len(series.parts) else None,
        )
        blog = (getattr(post, "jsonld", None) or {}).get("isPartOf")
        url = f"{root}/{series.url}"
        work = {"@type": "CreativeWorkSeries", "@id": url, "name": series.name, "url": url}
        contribute_jsonld(
            post, {"isPartOf": [blog, work] if blog else work, "position": part.number}
        )


def _resolve(generator) -> None:
    settings = generator.settings
    path = Path(settings.get("PATH") or "content") / SETTINGS.values(settings)["SERIES_FILE"]
    catalogue, problems = load_catalogue(path)
    report(*problems)
    articles = [*generator.articles, *getattr(generator, "hidden_articles", [])]
    all_series = assemble(articles, catalogue, settings)
    root = canonical_root(settings)
    for series in all_series:
        place(series, root)
    generator.context["series_list"] = all_series
    generator.context["series_index_url"] = (
        SETTINGS.values(settings)["SERIES_INDEX_URL"] if all_series else None
    )


class SeriesPages(OutputGenerator):
    """series/<slug>/ for every series, and series/ listing them all."""

    def generate_output(self, writer) -> None:
        all_series = self.context.get("series_list") or []
        if not all_series:
            return
        relative = self.settings.get("RELATIVE_URLS")
        for series in all_series:
            writer.write_file(
                SETTINGS.values(self.settings)["SERIES_SAVE_AS"].format(slug=series.slug),
                self.get_template("series"),
                self.context,
                relative_urls=relative,
                series=series,
                page_name=f"series-{series.slug}",
            )
        writer.write_file(
            SETTINGS.values(self.settings)["SERIES_INDEX_SAVE_AS"],
            self.get_template("series_index"),
            self.context,
            relative_urls=relative,
            page_name="series",
        )


def register() -> None:
    declare_field(
        "series",
        fields.ANY,
        "the series this post belongs to: its name (with series_part), or name and part",
        "{name: Social media in academic medicine, part: 2}",
    )
    declare_field("series_part", fields.TEXT, "this post's part number in its series", "2")
    signals.article_generator_finalized.connect(_resolve)
    signals.get_generators.connect(SeriesPages.add_to_build)
