"""Impact badges and impact pages: show readers, authors and promotion committees
the reach of the evidence a post cites and of the posts themselves.

Built on the impact plugin's committed figures (:mod:`impact.store`), offline:

* badges: Altmetric's embed markup (plus optional Dimensions and PlumX) for every cited
  work with a DOI or PMID and for every post with its own DOI, with a text fallback from
  the committed figures (:mod:`impact_pages.badges`);
* a per-post Impact section with an evidence panel (:mod:`impact_pages.evidence`);
* the site dashboard ``/impact/`` with SVG trend charts (:mod:`impact_pages.dashboard`,
  :mod:`impact_pages.charts`);
* a printable impact portfolio and CSV per author (:mod:`impact_pages.portfolio`);
* the metrics explainer ``/impact/metrics/`` that every "What is this?" link points to.
"""

from .plugin import register

__all__ = ["register"]
