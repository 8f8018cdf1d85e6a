"""Markdown from other tools: portable links and images, math, media embeds, footnotes."""

from .plugin import register

__all__ = ["register"]
