"""Rogue Scholar DOIs for posts: pre-registered (``make doi``) and looked up (``make impact``)."""

from .plugin import register

__all__ = ["register"]
