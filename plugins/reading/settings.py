"""Settings of the reading plugin: each with its default and help (see meded_core.settings)."""

from meded_core.settings import Setting, declare_settings, whole

from .reading_time import WORDS_PER_MINUTE

# fmt: off
SETTINGS = declare_settings(
    "reading",
    Setting("READING_WORDS_PER_MINUTE", WORDS_PER_MINUTE, 'reading speed for "N min read" (the mean adult silent reading rate)', whole(1)),
    Setting("RELATED_POSTS_MAX", 3, "related posts under each post (shared cited works first, then topics); 0 = none", whole(0)),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
