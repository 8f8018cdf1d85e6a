"""Settings for the site. Pelican reads this file with `pelican -s pelican.conf.py`.

Every setting has a one-line comment; plugin settings not listed here keep their defaults
(`make settings` lists them all). Environment overrides:
  SITEURL        absolute site URL for production (`make publish`, CI); empty = local build
  STRICT         1/true turns every content warning into a failing build (`make check`, CI)
  PUBLISH        1/true builds for readers (`make publish`, CI; implied by SITEURL): no drafts
Any setting can also be overridden on the command line: `pelican ... -e NAME='"value"'`.
No relative imports here: Pelican loads this file as the module `pelican.conf`.
"""

import os
import pathlib
import sys

# Plugins import each other's helpers by bare name (e.g. `from meded_core import report`),
# the same name Pelican loads them under from PLUGIN_PATHS.
_PLUGINS_DIR = str(pathlib.Path(__file__).resolve().parent / "plugins")
if _PLUGINS_DIR not in sys.path:
    sys.path.insert(0, _PLUGINS_DIR)

# --- Site identity ---------------------------------------------------------------------------
SITENAME = "Teaching Rounds"  # shown in the header, titles, feeds and citation_journal_title
SITESUBTITLE = "Open, cited and reviewed medical education"  # tagline and meta description
SITE_ADDRESS = ""  # the published address (make new-blog sets it); make publish uses it
AUTHOR = "Teaching Rounds editors"  # fallback author for content that names none
DEFAULT_LANG = "en"  # html lang and citation_language
TIMEZONE = "UTC"  # dates in front matter are read in this zone
DEFAULT_DATE_FORMAT = "%-d %B %Y"  # how dates are printed on pages
SITE_LICENSE = "CC BY 4.0"  # default licence of every post (a post may set `license:`)
SITE_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"  # link for the default licence
SITE_FOLLOW = {  # the site's own accounts: "Follow" links in the footer and Atom rel="related" links
    "bluesky": "teachingrounds.bsky.example",  # demo handles on reserved example domains
    "mastodon": "@teachingrounds@med-mastodon.example",
    "x": "DemoTeachRounds",
    "newsletter": "https://newsletter.example.org/teaching-rounds",
    "rss": True,  # the site's Atom feed
}

# --- URLs: relative locally, absolute when SITEURL is given -----------------------------------
SITEURL = os.environ.get("SITEURL", "").rstrip("/")  # e.g. https://user.github.io/repo
RELATIVE_URLS = not SITEURL  # local builds work from any folder or sub-path, even file://
FEED_DOMAIN = SITEURL or "http://127.0.0.1:8000"  # feeds need absolute links; local preview host
STRICT = os.environ.get("STRICT", "").lower() in {"1", "true", "yes"}  # fail on content problems
PUBLISH = (  # a build for readers: drafts, hidden and scheduled posts are left out entirely
    os.environ.get("PUBLISH", "").lower() in {"1", "true", "yes"} or bool(SITEURL)
)
LIVE_RELOAD = False  # `make devserver` turns it on: open pages reload after each rebuild
WITH_FUTURE_DATES = False  # a post dated in the future is scheduled: published from its date on

# --- Content layout --------------------------------------------------------------------------
PATH = "content"  # source folder
ARTICLE_PATHS = ["posts"]  # blog posts
PAGE_PATHS = ["pages"]  # static pages (About, explainers)
STATIC_PATHS = [
    "images",
    "files",
    "extra",
    "posts",
]  # copied as they are; posts: files beside posts
EXTRA_PATH_METADATA = {"extra/robots.txt": {"path": "robots.txt"}}  # files placed at the root
OUTPUT_PATH = "output"  # build folder, published to GitHub Pages
DELETE_OUTPUT_DIRECTORY = False  # `make clean` removes it; keeping it lets warm builds be fast
DEFAULT_PAGINATION = 10  # posts per page on the home page and lists
PAGINATION_PATTERNS = (  # page 2 is /page/2/, not index2.html
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SLUGIFY_SOURCE = (
    "basename"  # the file name is the URL: appraising-foam.md -> /posts/2024/appraising-foam/
)
SUMMARY_MAX_LENGTH = 60  # words in an automatic summary when a post has none

ARTICLE_URL = "posts/{date:%Y}/{slug}/"  # stable, dated post URLs
ARTICLE_SAVE_AS = "posts/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "topics/{slug}/"  # tags are presented to readers as topics
TAG_SAVE_AS = "topics/{slug}/index.html"
TAGS_URL = "topics/"
TAGS_SAVE_AS = "topics/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_SAVE_AS = ""  # one archive page is enough for a blog of this size
MONTH_ARCHIVE_SAVE_AS = ""
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"  # previews only: a publish build writes no draft
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search", "404"]
SEARCH_SAVE_AS = "search/index.html"  # the Pagefind search page
SEARCH_URL = "search/"
INDEX_SAVE_AS = "index.html"

# --- Feeds (full text, per category and per author, no colliding paths) ---------------------
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
CATEGORY_FEED_RSS = None  # per-category and per-author feeds in Atom only (what pages link)
AUTHOR_FEED_ATOM = "feeds/author/{slug}.atom.xml"
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None  # topic feeds off: categories and authors cover subscriptions
TRANSLATION_FEED_ATOM = None  # single-language site
RSS_FEED_SUMMARY_ONLY = False  # all.rss.xml has whole posts too (an archive may poll RSS)
FEED_MAX_ITEMS = 20  # entries per feed page; older ones are on the archive pages

# --- Markdown --------------------------------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},  # tables, footnotes, attribute lists, abbreviations
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},  # typographic quotes and dashes
    },
    "output_format": "html5",
}

# --- Theme -----------------------------------------------------------------------------------
THEME = "theme"  # our own accessible theme (falls back to Pelican's `simple` for anything missing)
JINJA_ENVIRONMENT = {  # autoescape: no registry, API or front-matter text reaches a page unescaped
    "autoescape": True,  # plugins hand trusted HTML to templates as markupsafe.Markup;
    "trim_blocks": True,  # post bodies and summaries (the author's own Markdown) use |safe
    "lstrip_blocks": True,
    "extensions": [],
    "auto_reload": False,  # templates are loaded once per build (devserver makes a new env)
}
MENUITEMS = [  # header navigation, after the pages
    ("Posts", "archives/"),
    ("Topics", "topics/"),
    ("Authors", "authors/"),
    ("Search", "search/"),
]
DISPLAY_PAGES_ON_MENU = True  # list pages such as About in the header
DISPLAY_CATEGORIES_ON_MENU = False  # categories are reached from the Topics page

# --- Plugins (always explicit: an unset list loads every installed plugin) ---------------------
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "meded_core",  # content problems, strict mode, JSON-LD assembly (first: others report to it)
    "safe_paths",  # reads stay inside content/, writes inside output/ (before plugins use URLs)
    "frontmatter",  # YAML, TOML or Key: value front matter (also from Jekyll/Hugo/Quarto), with clear errors
    "markup",  # portable links and images, math, media embeds, footnotes, other tools' shortcodes
    "authors",  # author registry (content/authors.yml): bylines, author pages, head tags, share links
    "citations",  # [@doi:…]/[@key] citations, AMA reference lists, Cite this post, Cited works page
    "callouts",  # !!! pearl / pitfall / key-points / bottom-line / commentary boxes in Markdown
    "figures",  # numbered figures and tables with captions; {@fig:label} cross-references
    "discussion",  # discussion: replies to the post's Bluesky/Mastodon announcements, from data
    "impact",  # impact figures from content/data/impact/ for templates; exports output/impact/
    "impact_pages",  # Altmetric badges, per-post Impact panel, /impact/ dashboard, author portfolios
    "series",  # series: "Part 2 of 3", the list of parts, series pages and index
    "reading",  # reading time, previous/next post, related posts (shared cited works, topics)
    "hero_image",  # image: hero figure with alt text and caption; og:image; generated social cards
    "corrections",  # updates: log, correction notices, modified dates, /corrections/ page
    "quality",  # transparency checklist, review records, ratings, criteria and site quality pages
    "rogue_scholar",  # post DOIs: pre-registered (make doi) and looked up (make impact)
    "site_meta",  # canonical, Open Graph, feeds with licence and DOI ids, sitemap, search index
]

# --- Plugin settings --------------------------------------------------------------------------
# Every plugin works with none of its settings here; each one's default and meaning are listed
# by `make settings` (the README's "Plugin settings" table). Set only what you change; a
# misspelt or wrong value is reported by the build with the accepted values.
CITATION_STYLE = "american-medical-association"  # AMA 11; or vancouver, apa, a CSL name or file
QUALITY_REQUIRED = [  # checklist items every published post must meet; `make check` fails otherwise
    "named-authors",
    "conflicts-of-interest",
    "references-given",
    "citations-resolved",
]
ROGUE_SCHOLAR_PREFIX = ""  # your blog's Rogue Scholar DOI prefix (e.g. 10.59350); "" = make doi off

# --- Build cache (plugins/meded_core/incremental.py: unchanged work is never redone) ---------
CACHE_CONTENT = True  # reuse parsed posts between builds
LOAD_CONTENT_CACHE = True
CACHE_PATH = ".cache/pelican"  # not committed; delete it (or `make clean`) for a clean build
CHECK_MODIFIED_METHOD = "md5"  # survives a fresh checkout (mtime does not)
CONTENT_CACHING_LAYER = "reader"  # the generator layer skips signals our plugins need
