"""Settings of the series plugin: each with its default and help (see meded_core.settings)."""

from meded_core.settings import Setting, declare_settings, text

# fmt: off
SETTINGS = declare_settings(
    "series",
    Setting("SERIES_FILE", "series.yml", "optional series descriptions, planned and forthcoming parts, relative to `content/`", text),
    Setting("SERIES_URL", "series/{slug}/", "URL of each series page", text),
    Setting("SERIES_SAVE_AS", "series/{slug}/index.html", "where each series page is written", text),
    Setting("SERIES_INDEX_URL", "series/", "URL of the list of every series", text),
    Setting("SERIES_INDEX_SAVE_AS", "series/index.html", "where the series list is written", text),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
