"""Signal wiring for the authors plugin: data flows read -> resolve -> render.

- ``article_generator_init``: report the registry's problems (once per build).
- ``content_object_init``: resolve each post's authors to registry records
  (``author_records``), replace Pelican's ``authors`` with one Author per person (registry
  slug, display name) so author pages and feeds line up, apply per-post handle overrides,
  and compute head tags and share links. This runs on every build, never in the reader, so
  editing ``authors.yml`` alone updates every page (the reader cache keeps only the names).
- ``article_generator_pretaxonomy``: add the authors to each post's JSON-LD (after
  site_meta has made the BlogPosting base).
- ``article_generator_finalized``: give every registry person an author page, and put the
  registry into the template context (author pages, authors index).
- ``get_generators``: the site's own Mastodon share page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from meded_core import Problem, contribute_jsonld, declare_field, report
from meded_core.contents import OutputGenerator, canonical_root, generator_contents
from meded_core.fields import MAPPING
from meded_core.people import author_identities
from meded_core.shared import set_contributor_roles, set_follow_links, set_head_authors
from meded_core.text import plain
from pelican import signals
from pelican.urlwrappers import Author as PelicanAuthor

from .contributor_roles import read_roles
from .credit import author_head, authors_jsonld, profile_jsonld, profile_open_graph
from .follow import follow_links
from .registry import Author, registry_for
from .resolve import apply_handle_overrides, resolve_names
from .settings import SETTINGS
from .share import share_links


def pelican_author(record: Author, settings: dict[str, Any]) -> PelicanAuthor:
    """Pelican's Author for a person: named by display name, addressed by the registry slug."""
    author = PelicanAuthor(record.display_name if record.in_registry else record.name, settings)
    author.slug = record.slug
    return author


def _names_from_metadata(metadata: dict[str, Any]) -> tuple[list[str] | None, str]:
    for key in ("authors", "author"):
        if key in metadata:
            value = metadata[key]
            items = value if isinstance(value, list | tuple) else [value]
            return [str(getattr(item, "name", item)) for item in items], key
    return None, "authors"


def attach_authors(content) -> None:
    """Resolve a post's (or page's) authors and attach everything templates need."""
    if content.__class__.__name__ not in {"Article", "Page"}:
        return
    settings = content.settings
    registry = registry_for(settings)
    metadata = content.metadata
    source = getattr(content, "source_path", "") or ""
    lines = metadata.get("front_matter_lines") or {}
    names, field = _names_from_metadata(metadata)

    if names is None:
        # No authors given: Pelican credits the site's AUTHOR; use its record if there is one.
        default = registry.get(settings.get("AUTHOR"))
        records = [default] if default else []
    else:
        resolution = resolve_names(
            names,
            registry,
            slugify=lambda n: PelicanAuthor(n, settings).slug,
            identities=author_identities(metadata),
        )
        records = resolution.records
        registry_file = Path(registry.source).name

        def problem(message: str, fix: str) -> None:
            report(Problem(source, message, fix, line=lines.get(field), field=field))

        for name in resolution.unknown:
            close = registry.suggest(name)
            hint = f"did you mean {registry.describe(close)}? " if close else ""
            problem(
                f"'{name}' is not in the author registry ({registry_file}); "
                "the byline shows the name without a profile",
                f"{hint}use a registry slug, or add the person to {registry_file}",
            )
        for name, orcid, person in resolution.orcid_conflicts:
            problem(
                f"'{name}' has the ORCID iD {orcid}, but {person.slug} in "
                f"{registry_file} has {person.orcid}; the registry's is used",
                f"correct the iD in the post or in {registry_file}",
            )
        for name in resolution.duplicates:
            problem(f"'{name}' is listed twice; shown once", "list each author once")
        records, problems = apply_handle_overrides(
            records,
            metadata.get("author_handles"),
            registry,
            source=source,
            line=lines.get("author_handles"),
            content_root=Path(settings.get("PATH") or "content"),
        )
        report(*problems)

    content.author_records = records
    roles, problems = read_roles(
        metadata.get("credit"), [r.slug for r in records], source, lines.get("credit")
    )
    report(*problems)
    set_contributor_roles(content, roles)
    content.contributor_roles = roles  # for this plugin's author box
    if records:
        content.authors = [pelican_author(r, settings) for r in records]
        content.author = content.authors[0]

    if content.__class__.__name__ == "Article":
        options = SETTINGS.values(settings)
        root = canonical_root(settings)
        content.author_head = author_head(records, root)
        set_head_authors(content, tuple(c.name for c in content.author_head.citation_authors))
        content.share_links = share_links(
            plain(content.title),
            f"{root}/{content.url}",
            records,
            networks=options["AUTHOR_SHARE_NETWORKS"],
            mastodon_share_url=options["AUTHOR_MASTODON_SHARE_URL"],
            share_page_url=options["AUTHOR_SHARE_PAGE_URL"],
        )


def report_registry_problems(generator) -> None:
    report(*registry_for(generator.settings).problems)
    links, problems = follow_links(generator.settings, canonical_root(generator.settings))
    report(*problems)
    set_follow_links(generator.context, links)


def add_jsonld(generator) -> None:
    root = canonical_root(generator.settings)
    for post in generator_contents(generator):
        records = getattr(post, "author_records", None)
        if records:
            contribute_jsonld(post, authors_jsonld(records, root))


class AuthorProfile:
    """One person as the author page and the authors index show them."""

    def __init__(self, author: Author, post_count: int, root: str, has_page: bool = True):
        self.author = author
        self.post_count = post_count
        self.has_page = has_page  # False when AUTHOR_PAGES_FOR_ALL is off and they have no posts
        self.jsonld = profile_jsonld(author, root)
        self.open_graph = profile_open_graph(author, root)

    def __repr__(self) -> str:
        return f"<AuthorProfile {self.author.slug}>"


def add_profiles(generator) -> None:
    """Author pages for every registry person, and the registry in the template context."""
    settings = generator.settings
    registry = registry_for(settings)
    root = canonical_root(settings)
    counts = {author.slug: len(posts) for author, posts in generator.authors}
    for_all = SETTINGS.values(settings)["AUTHOR_PAGES_FOR_ALL"]
    if for_all:
        for record in registry:
            if record.slug not in counts:
                generator.authors.append((pelican_author(record, settings), []))
        generator.authors.sort(key=lambda pair: pair[0].slug)
        generator.context["authors"] = generator.authors
    profiles = {
        r.slug: AuthorProfile(r, counts.get(r.slug, 0), root, has_page=for_all or r.slug in counts)
        for r in registry
    }
    generator.context["author_registry"] = {r.slug: r for r in registry}
    generator.context["author_profiles"] = profiles
    generator.context["author_registry_list"] = sorted(
        profiles.values(), key=lambda p: (p.author.family_name.casefold(), p.author.name.casefold())
    )
    generator.context["author_profile_rendered"] = True  # author_profile.html writes the <h1>


class MastodonSharePage(OutputGenerator):
    """Writes the site's own Mastodon share page (see share.py for why)."""

    def generate_output(self, writer) -> None:
        options = SETTINGS.values(self.settings)
        if (
            "mastodon" not in options["AUTHOR_SHARE_NETWORKS"]
            or options["AUTHOR_MASTODON_SHARE_URL"]
        ):
            return
        writer.write_file(
            options["AUTHOR_SHARE_PAGE_SAVE_AS"],
            self.get_template("share_mastodon"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            url=options["AUTHOR_SHARE_PAGE_URL"],
            template_name="share_mastodon",
        )


def register() -> None:
    declare_field(
        "author_handles",
        MAPPING,
        "per-post handles for an author, by slug (an empty value hides that handle on this post)",
        "{maya-okafor: {x: MayaAtConference}}",
    )
    declare_field(
        "credit",
        MAPPING,
        "CRediT contributor roles by author slug, shown in the author box and the "
        "CSL-JSON citation (conceptualization, methodology, writing-original-draft, "
        "writing-review-editing and the 10 other CRediT roles)",
        "{maya-okafor: [conceptualization, writing-original-draft]}",
    )
    signals.article_generator_init.connect(report_registry_problems)
    signals.content_object_init.connect(attach_authors)
    signals.article_generator_pretaxonomy.connect(add_jsonld)
    signals.article_generator_finalized.connect(add_profiles)
    signals.get_generators.connect(MastodonSharePage.add_to_build)
