"""Settings of the site_meta plugin: each with its default and help (see meded_core.settings)."""

from meded_core.settings import Setting, declare_settings, flag, text

# fmt: off
SETTINGS = declare_settings(
    "site_meta",
    Setting("FEED_ARCHIVE_PAGES", True, "RFC 5005 archive pages of the site feeds (counted from the oldest post; they never shift)", flag),
    Setting("FEED_COMPLETE_ATOM", "feeds/complete.atom.xml", "one Atom document with every published post, full text (for archives); empty = off", text),
    Setting("FEED_ALL_JSON", "feeds/all.json", "JSON Feed 1.1, paged like the Atom archive (`next_url`); empty = off", text),
    Setting("SITE_LICENSE", "CC BY 4.0", "licence of every post that names none (`license:`); `SITE_LICENSE_URL` is its address", text),
    Setting("PAGEFIND", True, "build the Pagefind search index after writing the site", flag),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
