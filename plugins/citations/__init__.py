"""Citations: cite by DOI, PubMed ID or bibliography key; AMA references by default.

Importing the plugin makes it the producer of "the cited works of the site"
(:mod:`meded_core.cited_works`), which ``make impact`` reads.
"""

from meded_core.cited_works import provide

from .plugin import register
from .site_works import site_cited_works

provide(site_cited_works)

__all__ = ["register", "site_cited_works"]
