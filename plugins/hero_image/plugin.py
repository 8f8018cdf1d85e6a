"""Signal wiring: read the hero image, choose the share image, draw missing social cards.

``content_object_init`` runs before site_meta's (plugin order), so the share image chosen
here (the post's raster hero image, else its generated card) is what site_meta puts in
``og:image``. The cards are drawn (or copied from the build cache) in the write phase.
"""

from __future__ import annotations

import logging
from pathlib import Path
import posixpath

from meded_core import contribute_jsonld, declare_field, fields, report
from meded_core.contents import OutputGenerator, canonical_root, generator_contents
from meded_core.shared import ShareImage, set_share_image
from meded_core.text import plain
from pelican import signals

from .hero import read_hero
from .settings import SETTINGS
from .social_card import HEIGHT, WIDTH, Card, write_card

logger = logging.getLogger(__name__)
CARD_NAME = "social-card.png"


def card_paths(content) -> tuple[str, str]:
    """(output path, site-relative URL) of a post's card, beside its page."""
    folder = posixpath.dirname(content.save_as)
    url = content.url if content.url.endswith("/") else posixpath.dirname(content.url) + "/"
    return posixpath.join(folder, CARD_NAME), f"{url.lstrip('/')}{CARD_NAME}".lstrip("/")


def _read(content) -> None:
    if content.__class__.__name__ != "Article":
        return
    settings = content.settings
    lines = content.metadata.get("front_matter_lines") or {}
    hero, problems = read_hero(
        content.metadata.get("image"),
        Path(settings.get("PATH") or "content"),
        getattr(content, "source_path", ""),
        lines.get("image"),
    )
    report(*problems)
    content.hero = hero if hero is not None and hero.alt else None
    content.social_card = None
    if hero is not None and hero.raster:
        share = ShareImage(
            hero.src, hero.alt or plain(content.title), hero.width, hero.height, hero.media_type
        )
    elif SETTINGS.values(settings)["SOCIAL_CARDS"]:
        names = "; ".join(r.display_name for r in getattr(content, "author_records", None) or [])
        title, site = plain(content.title), plain(settings.get("SITENAME"))
        content.social_card = Card(title, names, site)
        _, url = card_paths(content)
        alt = f"{title}, by {names}, on {site}" if names else title
        share = ShareImage(url, alt, WIDTH, HEIGHT, "image/png", generated=True)
    else:
        share = None
    set_share_image(content, share)


def _absolute(root: str, src: str) -> str:
    return src if "://" in src else f"{root}/{src}"


def _jsonld(generator) -> None:
    """JSON-LD ``image``: the hero as an ImageObject (with caption and credit), else the card."""
    root = canonical_root(generator.settings)
    for post in generator_contents(generator):
        hero = getattr(post, "hero", None)
        if hero is not None:
            image = {
                "@type": "ImageObject",
                "url": _absolute(root, hero.src),
                "caption": hero.caption or None,
                "creditText": hero.credit or None,
                "width": hero.width,
                "height": hero.height,
            }
            contribute_jsonld(post, {"image": {k: v for k, v in image.items() if v}})
        elif getattr(post, "social_card", None) is not None:
            _, url = card_paths(post)
            contribute_jsonld(post, {"image": _absolute(root, url)})


class SocialCards(OutputGenerator):
    """Writes each post's card, drawing only those whose inputs are new."""

    def generate_output(self, writer) -> None:
        posts = [
            *self.context.get("articles", []),
            *self.context.get("hidden_articles", []),
            *self.context.get("drafts", []),
        ]
        drawn = reused = 0
        for post in posts:
            card = getattr(post, "social_card", None)
            if card is None:
                continue
            path, _ = card_paths(post)
            if write_card(card, Path(self.output_path) / path):
                drawn += 1
            else:
                reused += 1
        if drawn or reused:
            logger.info("social cards: %d drawn, %d unchanged", drawn, reused)


def register() -> None:
    declare_field(
        "image",
        fields.ANY,
        "hero image: a file under content/ or an https:// address, with alt text (required), "
        "caption and credit; shown above the post and used for link previews",
        "{src: images/cover.png, alt: What the image shows, caption: One sentence., credit: Photo by …}",
    )
    signals.content_object_init.connect(_read)
    signals.article_generator_pretaxonomy.connect(_jsonld)
    signals.get_generators.connect(SocialCards.add_to_build)
