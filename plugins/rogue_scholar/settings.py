"""Settings of the Rogue Scholar plugin: each with its default and help (meded_core.settings)."""

from meded_core.settings import Setting, declare_settings, text

# fmt: off
SETTINGS = declare_settings(
    "rogue_scholar",
    Setting("ROGUE_SCHOLAR_PREFIX", "", "your blog's Rogue Scholar DOI prefix (e.g. 10.59350) for `make doi`; empty = off", text),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
