"""Authors and their handles: one registry (content/authors.yml), credited everywhere."""

from .plugin import register

__all__ = ["register"]
