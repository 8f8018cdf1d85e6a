"""Series of posts: "Part 2 of 3 in …", the list of parts, series pages and an index."""

from .plugin import register

__all__ = ["register"]
