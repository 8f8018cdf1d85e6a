"""Signal wiring: read each post's log, move its modified date, write the corrections page.

``content_object_init`` runs before site_meta's (plugin order), so the newest logged change
becomes the post's ``modified`` date and reaches ``dateModified``, ``article:modified_time``
and the feed entry's ``updated`` through the one place that computes them.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup
from meded_core import contribute_feed_section, contribute_jsonld, declare_field, fields, report
from meded_core.contents import OutputGenerator, generator_contents
from pelican import signals
from pelican.utils import SafeDatetime, set_date_tzinfo

from .log import read_updates
from .settings import SETTINGS


def _read(content) -> None:
    if content.__class__.__name__ != "Article":
        return
    metadata = content.metadata
    lines = metadata.get("front_matter_lines") or {}
    updates, problems = read_updates(
        metadata.get("updates"), getattr(content, "source_path", ""), lines.get("updates")
    )
    report(*problems)
    content.updates_log = updates
    content.corrections_notice = [u for u in updates if u.prominent]
    if updates:
        _move_modified(content, updates[0].date)
        contribute_feed_section(content, "corrections", feed_section(updates))


def feed_section(updates) -> Markup:
    """The log for the feed entry: feed readers never see the page's notice."""
    items = Markup("").join(
        Markup("<li><strong>{} {}:</strong> {}</li>").format(u.label, u.date_text, u.text)
        for u in updates
    )
    return Markup("<section><h2>Corrections and updates</h2><ul>{}</ul></section>").format(items)


def _move_modified(content, day: dt.date) -> None:
    """The post counts as modified on the newest logged change (never earlier than before)."""
    changed = set_date_tzinfo(
        SafeDatetime(day.year, day.month, day.day), content.settings.get("TIMEZONE")
    )
    current = getattr(content, "modified", None)
    if current is not None and current >= changed:
        return
    content.modified = changed
    content.locale_modified = changed.strftime(content.date_format)


def _jsonld(generator) -> None:
    """schema.org ``correction`` (CorrectionComment) for every correction and retraction notice."""
    for post in generator_contents(generator):
        corrections = [
            {"@type": "CorrectionComment", "text": u.text, "datePublished": u.date.isoformat()}
            for u in getattr(post, "corrections_notice", None) or []
        ]
        contribute_jsonld(post, {"correction": corrections})


class CorrectionsPage(OutputGenerator):
    """corrections/: every correction, update and retraction notice on the site, newest first."""

    def generate_context(self) -> None:
        self.context["corrections_url"] = SETTINGS.values(self.settings)["CORRECTIONS_URL"]

    def generate_output(self, writer) -> None:
        posts = [*self.context.get("articles", []), *self.context.get("hidden_articles", [])]
        entries = [(u, post) for post in posts for u in getattr(post, "updates_log", None) or []]
        entries.sort(key=lambda pair: (pair[0].date, pair[1].date), reverse=True)
        writer.write_file(
            SETTINGS.values(self.settings)["CORRECTIONS_SAVE_AS"],
            self.get_template("corrections"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS"),
            corrections=entries,
            page_name="corrections",
        )


def register() -> None:
    declare_field(
        "updates",
        fields.LIST,
        "corrections and updates after publication, newest shown first: each with date, "
        "type (correction, update or retraction-notice) and text",
        "- date: 2025-05-03\n  type: correction\n  text: The paediatric dose was corrected to 0.1 mg/kg.",
    )
    signals.content_object_init.connect(_read)
    signals.article_generator_pretaxonomy.connect(_jsonld)
    signals.get_generators.connect(CorrectionsPage.add_to_build)
