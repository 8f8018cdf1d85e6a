"""Signal wiring: after every post is read and its citations rendered
(``article_generator_finalized``), attach reading time, previous/next post and related
posts. Citations publish each post's cited works through ``meded_core.shared``."""

from __future__ import annotations

from pelican import signals

from .reading_time import reading_minutes
from .related import related_posts
from .settings import SETTINGS


def _attach(generator) -> None:
    values = SETTINGS.values(generator.settings)
    wpm = values["READING_WORDS_PER_MINUTE"]
    published = sorted(generator.articles, key=lambda p: p.date)
    for post in [*published, *getattr(generator, "drafts", [])]:
        post.reading_minutes = reading_minutes(getattr(post, "_content", "") or "", wpm)
    for index, post in enumerate(published):
        post.previous_post = published[index - 1] if index > 0 else None
        post.next_post = published[index + 1] if index + 1 < len(published) else None
    limit = values["RELATED_POSTS_MAX"]
    related = related_posts(published, limit) if limit > 0 else {}
    for post in published:
        post.related_posts = related.get(id(post), [])


def register() -> None:
    signals.article_generator_finalized.connect(_attach)
