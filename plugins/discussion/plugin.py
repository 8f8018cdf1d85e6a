"""Signal wiring: check each post's ``discussion:`` URLs, attach its moderated replies.

Builds are offline: the replies come from the committed ``DISCUSSION_DATA`` file, read on
every build (not through the reader cache), so a refreshed file updates every post.
"""

from __future__ import annotations

from dataclasses import dataclass

from meded_core import Problem, declare_field, fields, report
from pelican import signals

from .settings import SETTINGS, threads_path
from .threads import Reply, load_threads
from .urls import EXAMPLE, Announcement, parse_announcement

_loaded: dict[str, tuple[float, dict[str, list[Reply]]]] = {}


@dataclass(frozen=True)
class Discussion:
    announcements: tuple[Announcement, ...]
    replies: tuple[Reply, ...]  # oldest first, hidden ones left out

    @property
    def networks(self) -> str:
        """ "Bluesky", "Mastodon" or "Bluesky and Mastodon", as the summary line says."""
        names = dict.fromkeys(a.network_name for a in self.announcements)
        return " and ".join(names)

    @property
    def summary(self) -> str:
        count = len(self.replies)
        return f"{count} {'reply' if count == 1 else 'replies'} on {self.networks}"


def _threads(settings: dict) -> dict[str, list[Reply]]:
    path = threads_path(settings)
    stamp = path.stat().st_mtime if path.exists() else -1.0
    cached = _loaded.get(str(path))
    if cached and cached[0] == stamp:
        return cached[1]
    threads, problems = load_threads(path)
    report(*problems)
    _loaded[str(path)] = (stamp, threads)
    return threads


def _attach(content) -> None:
    if content.__class__.__name__ != "Article":
        return
    metadata = content.metadata
    content.discussion = None
    if not metadata.get("discussion"):
        return
    source = getattr(content, "source_path", "") or ""
    lines = metadata.get("front_matter_lines") or {}
    announcements = []
    for index, url in enumerate(fields.as_list(metadata.get("discussion")), start=1):
        parsed = parse_announcement(str(url))
        if isinstance(parsed, str):
            report(
                Problem(
                    source,
                    f"'{url}' {parsed}; it is left out of the discussion",
                    f"copy the post's address from the app's Share menu, e.g. {EXAMPLE}",
                    line=lines.get("discussion"),
                    field=f"discussion[{index}]",
                )
            )
        elif parsed not in announcements:
            announcements.append(parsed)
    if not announcements:
        return
    hidden = {str(h).strip() for h in fields.as_list(metadata.get("discussion_hide"))}
    hidden |= {str(h).strip() for h in SETTINGS.values(content.settings)["DISCUSSION_HIDE"]}
    threads = _threads(content.settings)
    replies = [
        reply
        for a in announcements
        for reply in threads.get(a.url, [])
        if reply.id not in hidden and reply.url not in hidden
    ]
    content.discussion = Discussion(
        tuple(announcements), tuple(sorted(replies, key=lambda r: r.date))
    )


def register() -> None:
    declare_field(
        "discussion",
        fields.LIST,
        "the Bluesky posts and Mastodon statuses that announced this post; their public "
        "replies, fetched by make impact into content/data/discussion.json, are shown "
        "under the post",
        "[https://bsky.app/profile/name.bsky.social/post/3kabc123]",
    )
    declare_field(
        "discussion_hide",
        fields.LIST,
        "reply ids or addresses not to show (moderation)",
        "[at://did:plc:abc/app.bsky.feed.post/3kxyz]",
    )
    signals.content_object_init.connect(_attach)
