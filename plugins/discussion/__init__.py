"""Discussion from social media: the replies to a post's Bluesky and Mastodon announcements."""

from .plugin import register

__all__ = ["register"]
