"""Hero images (``image:``) with alt text and caption, and generated social cards."""

from .plugin import register

__all__ = ["register"]
