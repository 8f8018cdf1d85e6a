"""The cited works of the site: what every post cites, as one typed list, from one producer.

The citations plugin is the only reader of citation syntax and bibliographies, so it alone
knows what a ``[@choo2015]`` names. Other tools (``make impact`` asks the scholarly APIs
about every cited work) get that knowledge here instead of re-reading its files: the
citations plugin provides the function when it is imported, and consumers call
:func:`cited_works`. The list is worked out from the posts and bibliographies as they are
on disk, without a Pelican build and without the network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CitedWork:
    """One cited work, however it was cited (key, DOI, PMID…). The same type on a post
    during a build (:func:`meded_core.shared.cited_works`) and for the whole site here."""

    work_id: str  # the preferred identity, the same on every post: "doi:10.x/y", "pmid:…", …
    title: str = ""
    doi: str | None = None  # lower-cased, as meded_core.identifiers.normalize_doi gives it
    pmid: str | None = None
    pmcid: str | None = None
    cited_by: tuple[str, ...] = ()  # site-wide: the citing posts' paths under the content folder


Producer = Callable[[Mapping[str, Any]], list[CitedWork]]
_producer: Producer | None = None


def provide(producer: Producer) -> None:
    """Called once by the plugin that owns citations (the one producer)."""
    global _producer
    _producer = producer


def cited_works(settings: Mapping[str, Any]) -> list[CitedWork]:
    """Every work the site cites, sorted by ``work_id``.

    ``settings`` are the site's (``pelican.conf.py`` read by Pelican). When no plugin has
    provided the list yet, the site's PLUGINS are imported, as a build would.
    """
    if _producer is None:
        load_site_plugins(settings)
    if _producer is None:
        raise LookupError(
            "no plugin provides the site's cited works: add 'citations' to PLUGINS in "
            "pelican.conf.py"
        )
    return _producer(settings)


def load_site_plugins(settings: Mapping[str, Any]) -> None:
    """Import the site's PLUGINS, as a build would, so their producers are known."""
    from pelican.plugins._utils import load_plugins

    load_plugins(dict(settings))
