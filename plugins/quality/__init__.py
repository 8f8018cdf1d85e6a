"""Transparency checklist, review records and reviewer ratings for every post."""

from .plugin import register

__all__ = ["register"]
