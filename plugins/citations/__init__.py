"""Citations: cite by DOI, PubMed ID or bibliography key; AMA references by default."""

from .plugin import register

__all__ = ["register"]
