"""Defaults for the authors plugin, merged with the site's settings (pelican-plugins `seo` style).

The plugin works when none of these are set; `pelican.conf.py` lists them with a comment each.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # the registry file, relative to the content folder
    "AUTHOR_REGISTRY": "authors.yml",
    # write an author page (and feed) for every registry person, also reviewers with no posts yet
    "AUTHOR_PAGES_FOR_ALL": True,
    # share links under each post, in this order (x, bluesky, mastodon, linkedin, email)
    "AUTHOR_SHARE_NETWORKS": ["x", "bluesky", "mastodon", "linkedin", "email"],
    # Mastodon has no central share URL; "" = the site's own share page (asks the reader for
    # their server, no third party). A template with {text} uses another service instead.
    "AUTHOR_MASTODON_SHARE_URL": "",
    # where the site's own Mastodon share page is written
    "AUTHOR_SHARE_PAGE_URL": "share/mastodon/",
    "AUTHOR_SHARE_PAGE_SAVE_AS": "share/mastodon/index.html",
}


def author_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The plugin's settings: each default overridden by the site's value when present."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}
