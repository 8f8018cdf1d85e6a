"""Settings of the corrections plugin: each with its default and help (meded_core.settings)."""

from __future__ import annotations

from meded_core.settings import Setting, declare_settings, text

# One setting a line, like the rows of the README table made from them.
# fmt: off
SETTINGS = declare_settings(
    "corrections",
    Setting("CORRECTIONS_URL", "corrections/", "URL of the site's corrections page", text),
    Setting("CORRECTIONS_SAVE_AS", "corrections/index.html", "where the corrections page (every logged change) is written", text),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
