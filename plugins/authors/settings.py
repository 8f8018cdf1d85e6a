"""Settings of the authors plugin: each with its default and help (see meded_core.settings)."""

from meded_core.settings import Setting, declare_settings, flag, names, text

# fmt: off
SETTINGS = declare_settings(
    "authors",
    Setting("AUTHOR_REGISTRY", "authors.yml", "the author registry, relative to `content/`", text),
    Setting("AUTHOR_PAGES_FOR_ALL", True, "an author page and feed for every registry person, also reviewers with no posts yet", flag),
    Setting("AUTHOR_SHARE_NETWORKS", ["x", "bluesky", "mastodon", "linkedin", "email"], "share links under each post, in this order", names),
    Setting("AUTHOR_MASTODON_SHARE_URL", "", "Mastodon has no central share URL: empty = the site's own share page (asks the reader for their server, no third party); a URL with `{text}` uses that service instead", text),
    Setting("AUTHOR_SHARE_PAGE_URL", "share/mastodon/", "URL of the site's Mastodon share page", text),
    Setting("AUTHOR_SHARE_PAGE_SAVE_AS", "share/mastodon/index.html", "where the Mastodon share page is written", text),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
