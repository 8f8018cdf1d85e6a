"""Settings of the corrections plugin: each with its default and help (meded_core.settings)."""

from meded_core.settings import Setting, declare_settings, text

# fmt: off
SETTINGS = declare_settings(
    "corrections",
    Setting("CORRECTIONS_URL", "corrections/", "URL of the site's corrections page", text),
    Setting("CORRECTIONS_SAVE_AS", "corrections/index.html", "where the corrections page (every logged change) is written", text),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
