"""What to read next and how long it takes: previous/next post, related posts, reading time."""

from .plugin import register

__all__ = ["register"]
