""" "Follow us": the site's own accounts (``SITE_FOLLOW`` in pelican.conf.py).

Checked with the same validators as the authors' handles, so ``@name``, a bare name or a
pasted profile URL all work, and a mistake is reported against the setting instead of
publishing a broken link in every page footer.
"""

from __future__ import annotations

from typing import Any

from meded_core import Problem
from meded_core.identifiers import http_url
from meded_core.shared import FollowLink

from .validators import HANDLE_CHECKS, PROFILES

CONFIG = "pelican.conf.py"


NETWORKS = ("x", "bluesky", "mastodon")  # the site's accounts, checked as authors' handles are
KINDS = ("x", "bluesky", "mastodon", "newsletter", "rss")
EXAMPLE = (
    'SITE_FOLLOW = {"bluesky": "teachingrounds.bsky.social", '
    '"newsletter": "https://example.org/subscribe"}'
)


def follow_links(settings: dict[str, Any], root: str) -> tuple[list[FollowLink], list[Problem]]:
    """The site's follow links in a fixed order, and one problem per unusable entry."""
    value = settings.get("SITE_FOLLOW") or {}
    if not isinstance(value, dict):
        return [], [Problem(CONFIG, "SITE_FOLLOW must map networks to handles", EXAMPLE)]
    problems = [
        Problem(CONFIG, f"unknown network '{key}'", f"use {', '.join(KINDS)}", field="SITE_FOLLOW")
        for key in value
        if key not in KINDS
    ]
    links: list[FollowLink] = []

    def bad(kind: str, error: str) -> None:
        problems.append(Problem(CONFIG, error, EXAMPLE, field=f"SITE_FOLLOW.{kind}"))

    for kind in NETWORKS:
        if not value.get(kind):
            continue
        checked = HANDLE_CHECKS[kind](value[kind])
        if checked.error:
            bad(kind, checked.error)
        else:
            network, url, text = PROFILES[kind]
            links.append(FollowLink(kind, network, url(checked.value), text(checked.value)))
    if value.get("newsletter"):
        url = http_url(value["newsletter"])
        if url is None:
            bad("newsletter", f"'{value['newsletter']}' is not a web address (https://...)")
        else:
            links.append(FollowLink("newsletter", "Newsletter", url, "Newsletter"))
    feed = settings.get("FEED_ALL_ATOM") or settings.get("FEED_ALL_RSS")
    if value.get("rss", True) and feed:
        base = (settings.get("FEED_DOMAIN") or root).rstrip("/")
        links.append(FollowLink("rss", "RSS/Atom feed", f"{base}/{feed}", "RSS/Atom feed"))
    return links, problems
