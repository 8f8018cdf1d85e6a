"""Settings of the quality plugin: each with its default and help (see meded_core.settings)."""

from meded_core.dates import parse_date
from meded_core.settings import Setting, declare_settings, names, parsed, text, whole

from .inputs import parse_interval

# fmt: off
SETTINGS = declare_settings(
    "quality",
    Setting("QUALITY_REQUIRED", ["named-authors", "conflicts-of-interest", "references-given", "citations-resolved"], "checklist items every published post must meet (ids from the criteria page); `make check` fails otherwise", names),
    Setting("QUALITY_MIN_RATERS", 3, "reviewer ratings show means and a total only from this many raters on", whole(1)),
    Setting("QUALITY_TODAY", None, 'the date "due for review" is judged against (YYYY-MM-DD); None = the build date (`SOURCE_DATE_EPOCH` is honoured)', parsed(parse_date, "a date as YYYY-MM-DD, or None for the build date")),
    Setting("QUALITY_REVIEW_EVERY", None, 'review interval for posts without `review_every`, e.g. "24 months"; None = no schedule', parsed(parse_interval, 'a review interval such as "24 months"')),
    Setting("QUALITY_CRITERIA_FILE", None, "a criteria file of the site's own instead of the plugin's `criteria.yaml`"),
    Setting("QUALITY_CRITERIA_PAGE", "quality-criteria", "slug of the page that explains every checklist item", text),
    Setting("QUALITY_SITE_URL", "quality/", "URL of the site quality page", text),
    Setting("QUALITY_SITE_SAVE_AS", "quality/index.html", "where the site quality page (every post's checklist and review status) is written", text),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged
