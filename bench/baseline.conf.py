"""Plain Pelican for the benchmark baseline: built-in `simple` theme, no plugins, no cache.

Paths are given on the command line by bench/run.py.
"""

SITENAME = "Benchmark baseline"
SITEURL = "https://example.org/bench"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "simple"
PLUGINS = []  # explicit: unset would load every installed namespace plugin
DEFAULT_PAGINATION = 10
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
