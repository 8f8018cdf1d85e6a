"""Settings of the hero image plugin: each with its default and help (meded_core.settings)."""

from meded_core.settings import Setting, declare_settings, flag

# fmt: off
SETTINGS = declare_settings(
    "hero_image",
    Setting("SOCIAL_CARDS", True, "draw a PNG link-preview card for posts without a raster hero image", flag),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
