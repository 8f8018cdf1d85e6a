"""Which announcement posts a post names: Bluesky post URLs and Mastodon status URLs.

Pure: text in, a typed :class:`Announcement` or the reason it is not one out. Only these two
shapes have public, unauthenticated reply APIs (Bluesky ``app.bsky.feed.getPostThread``,
Mastodon ``/api/v1/statuses/:id/context``), so anything else is a content mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from urllib.parse import urlsplit

NETWORKS = {"bluesky": "Bluesky", "mastodon": "Mastodon"}
EXAMPLE = (
    "discussion: [https://bsky.app/profile/name.bsky.social/post/3kabc123, "
    "https://mastodon.social/@name/112233445566]"
)
_BLUESKY = re.compile(r"^/profile/([^/\s]+)/post/([A-Za-z0-9]+)/?$")
_MASTODON = (
    re.compile(r"^/@([\w.\-]+)(?:@[\w.\-]+)?/(\d+)/?$"),
    re.compile(r"^/users/([\w.\-]+)/statuses/(\d+)/?$"),
)
_HOST = re.compile(r"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)+$")


@dataclass(frozen=True)
class Announcement:
    """One post on a network that announced this blog post; its replies are the discussion."""

    network: str  # bluesky | mastodon
    url: str  # as the reader opens it
    host: str  # bsky.app, or the Mastodon server
    account: str  # handle or DID on Bluesky; user name on Mastodon
    post_id: str  # the Bluesky record key, or the Mastodon status id

    @property
    def network_name(self) -> str:
        return NETWORKS[self.network]


def parse_announcement(text: str) -> Announcement | str:
    """The announcement a URL names, or why it is not a Bluesky post or Mastodon status."""
    url = str(text).strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not _HOST.match(host):
        return "is not an https:// address of a Bluesky post or a Mastodon status"
    if host in {"bsky.app", "www.bsky.app"}:
        match = _BLUESKY.match(parts.path)
        if not match:
            return "is a Bluesky address but not of a post (…/profile/NAME/post/ID)"
        return Announcement("bluesky", url, "bsky.app", match.group(1), match.group(2))
    for pattern in _MASTODON:
        match = pattern.match(parts.path)
        if match:
            return Announcement("mastodon", url, host, match.group(1), match.group(2))
    return "is neither a Bluesky post (bsky.app/profile/…/post/…) nor a Mastodon status (https://server/@name/ID)"
