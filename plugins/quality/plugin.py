"""Signal wiring: declare the fields, assess every post, enforce, write the site page.

Data flow: read (front matter, registry, references) -> evaluate (pure) -> render
(templates print ``article.quality`` and the context this module provides).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
import logging
from typing import Any

from meded_core import (
    OutputGenerator,
    Problem,
    contribute_jsonld,
    contribute_webpage_jsonld,
    declare_field,
    fields,
    report,
)
from meded_core.contents import DRAFTS, PUBLISHED, canonical_root, generator_contents
from meded_core.problems import display_path
from meded_core.settings import CONF as CONFIG
from pelican import signals

from .assess import Assessor, enforcement_problems
from .criteria import CriteriaFileError, load_criteria
from .evaluate import REFERENCE_ITEMS
from .model import PostQuality
from .people import People
from .schedule import build_date
from .settings import SETTINGS

logger = logging.getLogger("meded.quality")

FIELDS = [
    (
        "disclosures",
        fields.TEXT,
        "conflict-of-interest statement for the post; 'None declared.' counts, "
        "empty does not (default: each author's disclosures in content/authors.yml)",
        "None declared.",
    ),
    ("funding", fields.TEXT, "who paid for the work, or 'Unfunded'", "Unfunded"),
    (
        "ai_use",
        fields.TEXT,
        "whether and how AI tools were used for the text, figures or analysis; "
        "'None.' counts, empty does not",
        "None.",
    ),
    (
        "sponsored",
        fields.BOOL,
        "true shows a visible 'Sponsored' label; name the sponsor in funding",
        "false",
    ),
    ("audience", fields.LIST, "who the post is for", "[residents, faculty]"),
    (
        "learning_objectives",
        fields.LIST,
        "what readers should be able to do afterwards",
        "[Apply two appraisal tools to a blog post]",
    ),
    (
        "further_reading",
        fields.LIST,
        "DOIs, pmid: IDs or web addresses for readers who want more",
        "[doi:10.5811/westjem.2016.6.30825, https://example.org/guide]",
    ),
    (
        "review",
        fields.MAPPING,
        "the review record: type (none, editorial, expert-peer, post-publication), "
        "reviewers (registry slugs), date, summary",
        "type: expert-peer\nreviewers: [reviewer-slug]\ndate: 2024-01-15\nsummary: One public sentence on what the review found.",
    ),
    (
        "ratings",
        fields.LIST,
        "reviewer ratings, 0-3 per item (background, content, writing, references)",
        "- rater: reviewer-slug\n  date: 2024-01-16\n  scores: {background: 2, content: 3, writing: 3, references: 2}",
    ),
    (
        "last_reviewed",
        fields.DATE,
        "date of the last clinical review against current evidence",
        "2024-01-15",
    ),
    ("review_every", fields.TEXT, "how often the post needs a clinical review", "24 months"),
]


@dataclass
class ReviewCredit:
    """One post a person reviewed or rated, for their author page."""

    article: Any
    roles: list[str] = field(default_factory=list)  # e.g. ["Expert peer review", "Rating"]
    date: dt.date | None = None


def _assessor(settings: dict) -> Assessor | None:
    values = SETTINGS.values(settings)
    try:
        criteria = load_criteria(values["QUALITY_CRITERIA_FILE"])
    except CriteriaFileError as exc:
        report(
            Problem(
                CONFIG,
                str(exc),
                "fix the criteria file, or unset QUALITY_CRITERIA_FILE",
                field="QUALITY_CRITERIA_FILE",
            )
        )
        return None
    required = []
    for ident in values["QUALITY_REQUIRED"]:
        if ident in criteria.by_id and criteria.by_id[ident].kind != "rated":
            required.append(ident)
        else:
            report(
                Problem(
                    CONFIG,
                    f"unknown checklist item '{ident}'",
                    "use ids from the criteria page: "
                    + ", ".join(c.id for c in criteria.checklist),
                    field="QUALITY_REQUIRED",
                )
            )
    return Assessor(
        criteria=criteria,
        people=People.for_settings(settings),
        today=build_date(values["QUALITY_TODAY"]),  # meded_core reports a wrong value
        min_raters=values["QUALITY_MIN_RATERS"],
        required=tuple(required),
        default_every=values["QUALITY_REVIEW_EVERY"],
        citations=plugin_enabled(settings, "citations"),
    )


def _assess_articles(generator) -> None:
    assessor = _assessor(generator.settings)
    if assessor is None:
        return
    published = generator_contents(generator, PUBLISHED)
    drafts = generator_contents(generator, DRAFTS)
    root = canonical_root(generator.settings)
    credits: dict[str, dict[int, ReviewCredit]] = {}
    skip = (
        set() if assessor.citations else _unverifiable_reference_items(published, assessor.required)
    )
    listed = {id(a) for a in generator.articles}  # by identity: no scan of the list per post
    draft_ids = {id(a) for a in drafts}
    for article in published + drafts:
        quality, problems = assessor.assess(article)
        article.quality = quality
        report(*problems)
        _contribute_jsonld(article, quality, root)
        if id(article) in draft_ids:
            continue  # work in progress: shown, not enforced
        source = getattr(article, "source_path", "")
        report(*enforcement_problems(source, quality, skip))
        if quality.clinical.overdue:
            logger.warning(
                "%s: due for clinical review since %s (last reviewed %s; review_every: %s)",
                display_path(source),
                quality.clinical.due.isoformat(),
                quality.clinical.last_reviewed.isoformat()
                if quality.clinical.last_reviewed
                else "never",
                quality.clinical.every,
            )
        if id(article) in listed:
            _credit(credits, article, quality)
    generator.context["quality_reviews_by_author"] = {
        slug: sorted(entries.values(), key=lambda c: c.article.date, reverse=True)
        for slug, entries in credits.items()
    }


def plugin_enabled(settings: dict, name: str) -> bool:
    """Whether PLUGINS lists ``name`` (as a name or a module)."""
    for plugin in settings.get("PLUGINS") or []:
        label = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        if label == name or label.endswith(f".{name}"):
            return True
    return False


def _unverifiable_reference_items(published: list, required: tuple[str, ...]) -> set[str]:
    """Required reference items, when the citations plugin is not enabled.

    One configuration problem says so, instead of the same line for every post.
    """
    wanted = [ident for ident in required if ident in REFERENCE_ITEMS]
    if not wanted or not published:
        return set()
    report(
        Problem(
            CONFIG,
            f"{', '.join(wanted)} cannot be checked: the citations plugin is not enabled",
            "add 'citations' to PLUGINS before 'quality', or remove these items from QUALITY_REQUIRED",
            field="QUALITY_REQUIRED",
        )
    )
    return set(wanted)


def _credit(credits: dict, article: Any, quality: PostQuality) -> None:
    review = quality.review
    roles = (
        [(p, review.label, review.date) for p in review.reviewers]
        if review and review.is_review
        else []
    )
    roles += [(rating.rater, "Rating", rating.date) for rating in quality.ratings]
    for person, role, date in roles:  # reviews first: their date wins over a rating's
        if person.slug:
            entry = credits.setdefault(person.slug, {}).setdefault(
                id(article), ReviewCredit(article)
            )
            entry.roles.append(role)
            entry.date = entry.date or date


def _contribute_jsonld(article: Any, quality: PostQuality, root: str) -> None:
    """schema.org ``reviewedBy`` / ``lastReviewed`` on the page (WebPage, or MedicalWebPage
    when the post has a clinical review date), where schema.org defines them, not on the
    BlogPosting. Reviewers are Persons named without degrees, with their ORCID as ``@id``,
    and are never authors in any metadata. A sponsored post names its sponsor."""
    review = quality.review if quality.review and quality.review.is_review else None
    reviewers = []
    for person in review.reviewers if review else ():
        entry = {
            "@type": "Person",
            "name": person.plain_name or person.name,
            "@id": person.orcid_url,
            "identifier": person.orcid_url,
            "url": f"{root}/{person.url}" if person.url else None,
        }
        reviewers.append({key: value for key, value in entry.items() if value})
    last = quality.clinical.last_reviewed or (review.date if review else None)
    page: dict[str, Any] = {
        "reviewedBy": reviewers,
        "lastReviewed": last.isoformat() if last else None,
    }
    if quality.clinical.last_reviewed:
        page["@type"] = "MedicalWebPage"
    contribute_webpage_jsonld(article, page)
    funding = str(article.metadata.get("funding") or "").strip()
    if fields.as_bool(article.metadata.get("sponsored")) and funding:
        contribute_jsonld(article, {"sponsor": {"@type": "Organization", "name": funding}})


class QualityPagesGenerator(OutputGenerator):
    """Adds the criteria to the context and writes the site quality page."""

    def generate_context(self) -> None:
        self.values = values = SETTINGS.values(self.settings)
        try:
            criteria = load_criteria(values["QUALITY_CRITERIA_FILE"])
        except CriteriaFileError:
            return  # already reported by the article pass
        slug = values["QUALITY_CRITERIA_PAGE"]
        pages = self.context.get("pages", []) + self.context.get("hidden_pages", [])
        page = next((p for p in pages if getattr(p, "slug", None) == slug), None)
        self.context["quality_criteria"] = criteria
        self.context["quality_criteria_url"] = page.url if page else None
        self.context["quality_site_url"] = values["QUALITY_SITE_URL"]
        self.context["quality_min_raters"] = values["QUALITY_MIN_RATERS"]

    def generate_output(self, writer) -> None:
        if "quality_criteria" not in self.context:
            return
        posts = [a for a in self.context.get("articles", []) if getattr(a, "quality", None)]
        writer.write_file(
            self.values["QUALITY_SITE_SAVE_AS"],
            self.get_template("quality_site"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS"),
            quality_posts=posts,
            page_name="quality",
        )


def register() -> None:
    for name, kind, help_, example in FIELDS:
        declare_field(name, kind, help_, example)
    signals.article_generator_finalized.connect(_assess_articles)
    signals.get_generators.connect(QualityPagesGenerator.add_to_build)
