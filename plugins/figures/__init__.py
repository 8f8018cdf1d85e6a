"""Numbered figures and tables with captions, and ``{@fig:label}`` cross-references."""

from .plugin import register

__all__ = ["register"]
