"""``make impact``'s discussion step: the public replies to each announcement, into
``content/data/discussion.json`` (which the ``discussion`` plugin shows on the posts).

Why it is built this way:

* It lives with the impact refresh and not in the ``discussion`` plugin, which only reads
  the committed file: the requests go through the refresh's HTTP layer
  (:class:`impact.http.ProviderHttp`), with the same rate limits, deadlines, body caps,
  retries and cache as the figures, and it stops at once when offline.
* Bluesky is asked through its public, unauthenticated AppView
  (``app.bsky.feed.getPostThread``; a handle is first turned into its DID with
  ``com.atproto.identity.resolveHandle``). Mastodon is asked on the server named in the
  post's own ``discussion:`` address (``/api/v1/statuses/:id/context``), and only that
  host may answer: a redirect anywhere else is refused.
* Never lose data: an answer is used only when it has the documented shape; a failed,
  refused or malformed answer leaves that thread's stored replies exactly as they were; a
  good answer adds and updates replies, and replies it no longer lists are kept (hide
  them with ``discussion_hide``). The file is rewritten atomically, and only when it
  changed. A stored file that cannot be read is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
import datetime as dt
import json
from pathlib import Path
import re
import time
from typing import Any
from urllib.parse import urlsplit

from discussion.settings import threads_path
from discussion.threads import read_threads_file
from discussion.urls import Announcement, parse_announcement
from meded_core import fields
from meded_core.bounded_http import host_of

from .http import ProviderHttp, ProviderStopped, RequestFailed, scrub
from .provider_access import ProviderConfig, RunConfig, check_base_url
from .providers.base import ShapeError, answer_object, mapping
from .run_stats import ProviderStats
from .store import atomic_write
from .targets import published_front_matter

BLUESKY_URL = "https://public.api.bsky.app"
URL_ENV = {"bluesky": "BLUESKY_API_URL", "mastodon": "MASTODON_API_URL"}
LIMITS = {"bluesky": (5.0, 1.0, 1), "mastodon": (1.0, 1.0, 1)}  # per service / server
FRESH_DAYS = 1  # replies arrive within days: a day-old answer is asked again
MAX_BYTES = 4 * 1024**2
DEPTH = 6  # reply levels read from a Bluesky thread
MAX_REPLIES = 500  # per thread
MAX_TEXT = 5000  # characters of one reply kept
_RKEY = re.compile(r"^[A-Za-z0-9._~:\-]{1,512}$")
_HANDLE = re.compile(r"^[A-Za-z0-9.\-]{1,253}$")
_DID = re.compile(r"^did:[a-z]+:[A-Za-z0-9._:%\-]{1,2048}$")
_ACCT = re.compile(r"^[\w.\-]{1,64}(@[\w.\-]{1,253})?$")
_STATUS_ID = re.compile(r"^\d{1,30}$")


@dataclass
class Counted:
    """One thread's outcome: the replies read (None: keep the stored ones) and why not."""

    replies: list[dict[str, str]] | None
    status: str  # fetched, cached, not_found, failed
    reason: str = ""


def read_announcements(settings: Mapping[str, Any], notices: list[str]) -> list[Announcement]:
    """Every valid ``discussion:`` address of the published posts, once each, in post order.

    Addresses that are not Bluesky posts or Mastodon statuses are skipped here: the build
    reports them, with file and line.
    """
    content = Path(settings.get("PATH") or "content")
    folders = settings.get("ARTICLE_PATHS") or ["posts"]
    found: dict[str, Announcement] = {}
    for _path, values in published_front_matter(content, folders, notices):
        for url in fields.as_list(values.get("discussion")):
            parsed = parse_announcement(str(url))
            if isinstance(parsed, Announcement):
                found.setdefault(parsed.url, parsed)
    return list(found.values())


def _iso(value: Any) -> str | None:
    text = str(value or "").strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bluesky_reply(post: dict[str, Any]) -> dict[str, str] | None:
    uri = str(post.get("uri") or "")
    author = mapping(post.get("author"))
    record = mapping(post.get("record"))
    handle = str(author.get("handle") or "")
    rkey = uri.rsplit("/", 1)[-1]
    date = _iso(record.get("createdAt")) or _iso(post.get("indexedAt"))
    text = record.get("text")
    if not (uri.startswith("at://") and _RKEY.match(rkey) and _HANDLE.match(handle)):
        return None
    if not date or not isinstance(text, str):
        return None
    return {
        "id": uri,
        "handle": f"@{handle}",
        "url": f"https://bsky.app/profile/{handle}/post/{rkey}",
        "date": date,
        "text": text[:MAX_TEXT],
    }


def read_bluesky_thread(data: Any, announcement: Announcement) -> list[dict[str, str]]:
    """The replies of a ``getPostThread`` answer, to :data:`DEPTH` levels, oldest first.

    A ``threadViewPost`` whose own post is not the announcement is refused (ShapeError);
    replies that are not found or blocked (``notFoundPost``, ``blockedPost``) are left out.
    """
    thread = answer_object(data).get("thread")
    if not isinstance(thread, dict) or not isinstance(thread.get("post"), dict):
        raise ShapeError("no 'thread.post': not an app.bsky.feed.getPostThread answer")
    uri = str(thread["post"].get("uri") or "")
    if not uri.endswith(f"/app.bsky.feed.post/{announcement.post_id}"):
        raise ShapeError(f"the thread is of another post ({scrub(uri)[:80]})")
    replies: list[dict[str, str]] = []
    level = [thread]
    for _depth in range(DEPTH):
        below = []
        for node in level:
            children = node.get("replies") or []
            if not isinstance(children, list):
                raise ShapeError("'replies' is not a list")
            for child in children:
                if not isinstance(child, dict) or not isinstance(child.get("post"), dict):
                    continue  # notFoundPost, blockedPost
                reply = _bluesky_reply(child["post"])
                if reply:
                    replies.append(reply)
                below.append(child)
        level = below
    return sorted(replies, key=lambda r: r["date"])[:MAX_REPLIES]


def read_mastodon_context(data: Any, announcement: Announcement) -> list[dict[str, str]]:
    """The replies of a Mastodon ``Context`` (its ``descendants``), oldest first.

    Local accounts' ``acct`` is the bare user name, so the server is added to the handle.
    """
    context = answer_object(data)
    descendants = context.get("descendants")
    if not isinstance(descendants, list) or not isinstance(context.get("ancestors"), list):
        raise ShapeError("no 'ancestors' and 'descendants' lists: not a Mastodon Context")
    replies = []
    for status in descendants:
        if not isinstance(status, dict):
            continue
        account = mapping(status.get("account"))
        ident, url = str(status.get("id") or ""), str(status.get("url") or "")
        acct, date = str(account.get("acct") or ""), _iso(status.get("created_at"))
        content = status.get("content")
        if status.get("visibility") not in (None, "public", "unlisted"):
            continue
        if not (_STATUS_ID.match(ident) and _ACCT.match(acct) and date):
            continue
        if urlsplit(url).scheme != "https" or not isinstance(content, str):
            continue
        handle = f"@{acct}" if "@" in acct else f"@{acct}@{announcement.host}"
        replies.append(
            {"id": ident, "handle": handle, "url": url, "date": date, "html": content[:MAX_TEXT]}
        )
    return sorted(replies, key=lambda r: r["date"])[:MAX_REPLIES]


class DiscussionFetch:
    """One run's discussion step: an HTTP client per service (one per Mastodon server)."""

    def __init__(
        self, env: Mapping[str, str], run: RunConfig, cache_path: Path, user_agent: str, today: str
    ):
        self.run, self.cache_path, self.user_agent, self.today = run, cache_path, user_agent, today
        self.bases = {
            name: check_base_url(var, env[var]) if env.get(var, "").strip() else ""
            for name, var in URL_ENV.items()
        }
        self.clients: dict[str, ProviderHttp] = {}

    def client(self, network: str, base: str) -> ProviderHttp:
        host = host_of(base)
        name = network if network == "bluesky" else f"mastodon-{host.replace(':', '-')}"
        if name not in self.clients:
            limit, interval, concurrency = LIMITS[network]
            config = ProviderConfig(
                name=name,
                base_url=base,
                limit=limit,
                interval=interval,
                concurrency=concurrency,
                fresh_days=FRESH_DAYS,
                hosts=frozenset({host}),
                max_bytes=self.run.max_bytes or MAX_BYTES,
            )
            self.clients[name] = ProviderHttp(
                config, self.run, self.cache_path, self.user_agent, self.today
            )
        return self.clients[name]

    def fetch(self, announcement: Announcement) -> Counted:
        try:
            if announcement.network == "bluesky":
                return self._bluesky(announcement)
            return self._mastodon(announcement)
        except (RequestFailed, ProviderStopped, ShapeError) as exc:
            return Counted(None, "failed", scrub(exc, self.run.secrets))

    def _bluesky(self, announcement: Announcement) -> Counted:
        base = self.bases["bluesky"] or BLUESKY_URL
        http = self.client("bluesky", base)
        did = announcement.account
        if not _DID.match(did):
            answer = http.get(f"{base}/xrpc/com.atproto.identity.resolveHandle", {"handle": did})
            did = str(mapping(answer.data).get("did") or "") if answer.status == 200 else ""
            if not _DID.match(did):
                http.discard_last()
                return Counted(None, "failed", f"the handle {announcement.account} has no DID")
        uri = f"at://{did}/app.bsky.feed.post/{announcement.post_id}"
        answer = http.get(
            f"{base}/xrpc/app.bsky.feed.getPostThread",
            {"uri": uri, "depth": str(DEPTH), "parentHeight": "0"},
        )
        return self._read(http, answer, read_bluesky_thread, announcement)

    def _mastodon(self, announcement: Announcement) -> Counted:
        base = self.bases["mastodon"] or f"https://{announcement.host}"
        http = self.client("mastodon", base)
        answer = http.get(f"{base}/api/v1/statuses/{announcement.post_id}/context")
        return self._read(http, answer, read_mastodon_context, announcement)

    @staticmethod
    def _read(
        http: ProviderHttp,
        answer: Any,
        reader: Callable[[Any, Announcement], list[dict[str, str]]],
        announcement: Announcement,
    ) -> Counted:
        if answer.status == 404:
            return Counted(None, "not_found")
        try:
            replies = reader(answer.data, announcement)
        except ShapeError:
            http.discard_last()  # unusable: ask again next run, do not replay it
            raise
        return Counted(replies, "cached" if answer.from_cache else "fetched")


def merge_replies(
    old: Iterable[Any], new: list[dict[str, str]]
) -> tuple[list[dict[str, Any]], bool]:
    """Stored replies updated by a good answer: new ones added, known ones updated, none lost."""
    by_id: dict[str, Any] = {}
    for entry in old:
        key = str(entry.get("id")) if isinstance(entry, dict) else json.dumps(entry)
        by_id[key] = entry
    before = dict(by_id)
    for reply in new:
        by_id[reply["id"]] = {**by_id.get(reply["id"], {}), **reply}
    merged = sorted(
        by_id.values(), key=lambda r: str(r.get("date") or "") if isinstance(r, dict) else ""
    )
    return merged, by_id != before


def refresh_discussions(
    settings: Mapping[str, Any],
    env: Mapping[str, str],
    run: RunConfig,
    cache_path: Path,
    today: str,
    user_agent: str,
    say: Callable[[str], None],
) -> list[ProviderStats]:
    """Fetch every announcement's replies and save them; the summary rows, per network."""
    notices: list[str] = []
    announcements = read_announcements(settings, notices)
    for notice in notices:
        say(f"discussion: {notice}")
    if not announcements:
        return []
    path = threads_path(settings)
    try:
        data = read_threads_file(path)
    except (OSError, ValueError) as exc:
        say(
            f"discussion: {path} cannot be read ({exc}); replies not fetched, the file is "
            "left as it is (restore it from git)"
        )
        return []
    stats = {n: ProviderStats(n) for n in ("bluesky", "mastodon")}
    fetch = DiscussionFetch(env, run, cache_path, user_agent, today)
    changed = False
    started = time.monotonic()
    try:
        for announcement in announcements:
            row = stats[announcement.network]
            row.requested += 1
            outcome = fetch.fetch(announcement)
            setattr(row, outcome.status, getattr(row, outcome.status) + 1)
            if outcome.status == "failed":
                say(f"discussion: {announcement.url}: {outcome.reason}; stored replies kept")
            if outcome.replies is None:  # failed or not found: the stored replies stay
                continue
            thread = mapping(data["threads"].get(announcement.url))
            old = thread.get("replies") if isinstance(thread.get("replies"), list) else []
            replies, grew = merge_replies(old, outcome.replies)
            if grew or not thread:
                data["threads"][announcement.url] = {
                    **thread,
                    "network": announcement.network,
                    "fetched": today,
                    "replies": replies,
                }
                changed = True
    finally:
        for name, client in fetch.clients.items():
            row = stats["bluesky" if name == "bluesky" else "mastodon"]
            row.requests += client.requests_sent
            row.unreachable = row.unreachable or client.unreachable
            client.close()
        if changed:
            atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    seconds = time.monotonic() - started
    for row in stats.values():
        row.seconds = seconds
    return [row for row in stats.values() if row.requested]
