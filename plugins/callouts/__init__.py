"""Callouts: pearls, pitfalls, key points, clinical bottom line and attributed expert commentary."""

from .plugin import register

__all__ = ["register"]
