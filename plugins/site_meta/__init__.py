"""Site-wide publishing: head metadata, archive-grade feeds, sitemap, search index."""

from .plugin import register

__all__ = ["register"]
