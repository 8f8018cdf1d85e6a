"""Settings of the impact plugin: each with its default and help (see meded_core.settings).

Both the build plugin and ``make impact`` read these through :data:`SETTINGS`, so the two
halves always agree on where the data lives.
"""

from meded_core.settings import Setting, declare_settings, flag, names, text, whole, whole_per

PROVIDERS = ("altmetric", "crossref", "openalex", "icite", "europepmc")

# fmt: off
SETTINGS = declare_settings(
    "impact",
    Setting("IMPACT_DATA_PATH", "data/impact", "folder of the committed figures and history, relative to `content/`", text),
    Setting("IMPACT_EXPORT", True, "write `output/impact/impact.json` and `impact.csv` on every build", flag),
    Setting("IMPACT_EXPORT_PATH", "impact", "folder under the output for the exports", text),
    Setting("IMPACT_PROVIDERS", list(PROVIDERS), "which providers `make impact` asks (a run can narrow this with `--only`)", names),
    Setting("IMPACT_FRESH_DAYS", {"altmetric": 7, "crossref": 7, "openalex": 7, "icite": 30, "europepmc": 7}, "days a provider's answer stays fresh (per provider): re-runs inside it make no requests", whole_per(PROVIDERS)),
    Setting("IMPACT_HISTORY_POINTS", 60, "history points kept per figure (one is added only when a value changes)", whole(1)),
    Setting("IMPACT_CACHE_PATH", ".cache/impact", "the HTTP cache of `make impact` (never committed)", text),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
