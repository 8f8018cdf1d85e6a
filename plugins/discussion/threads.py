"""Read committed reply threads (``content/data/discussion.json``) into safe, typed replies.

The file is written by the refresh step from public APIs, so every string in it is
untrusted: Mastodon's HTML is cleaned by nh3 to paragraphs, line breaks and links (all
``rel="nofollow ugc"``), Bluesky's plain text is escaped, and an entry missing what a reader
needs is left out rather than shown half-empty. A broken file is one problem, never a
failed build.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import json
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from meded_core import Problem
import nh3

_TAGS = {"p", "br", "a"}
_REL = "nofollow ugc noopener"


@dataclass(frozen=True)
class Reply:
    id: str
    network: str
    handle: str  # "@name.bsky.social", "@name@server"
    url: str  # the reply on its network
    date: dt.datetime
    html: Markup  # sanitised

    @property
    def anchor(self) -> str:
        return "reply-" + "".join(c if c.isalnum() else "-" for c in self.id)[-60:]


def sanitise(html: str) -> Markup:
    """Network HTML reduced to text, paragraphs, breaks and https links; never a script."""
    return Markup(
        nh3.clean(
            html, tags=_TAGS, attributes={"a": {"href"}}, url_schemes={"https"}, link_rel=_REL
        )
    )


def plain_text(text: str) -> Markup:
    return Markup("<p>{}</p>").format(escape(text)).replace("\n", Markup("<br>"))


def _reply(entry: Any, network: str) -> Reply | None:
    if not isinstance(entry, dict):
        return None
    values = {k: str(entry.get(k) or "").strip() for k in ("id", "handle", "url", "date")}
    if not all(values.values()) or not values["url"].startswith("https://"):
        return None
    try:
        date = dt.datetime.fromisoformat(values["date"].replace("Z", "+00:00"))
    except ValueError:
        return None
    if "html" in entry:
        body = sanitise(str(entry["html"] or ""))
    else:
        body = plain_text(str(entry.get("text") or ""))
    return Reply(values["id"], network, values["handle"], values["url"], date, body)


def read_threads_file(path: Path) -> dict[str, Any]:
    """The file as stored (no threads when there is none); ValueError when it is unreadable."""
    if not path.exists():
        return {"threads": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("threads"), dict):
        raise ValueError("it has no 'threads' mapping")
    return data


def load_threads(path: Path) -> tuple[dict[str, list[Reply]], list[Problem]]:
    """Replies by announcement URL (oldest first); a missing file means no replies yet."""
    try:
        threads = read_threads_file(path)["threads"]
    except (OSError, ValueError) as error:
        return {}, [
            Problem(
                str(path),
                f"the discussion data cannot be read ({error}); no replies are shown",
                "restore the file from git (git checkout -- content/data/discussion.json)",
            )
        ]
    found: dict[str, list[Reply]] = {}
    for url, thread in threads.items():
        if not isinstance(thread, dict):
            continue
        network = str(thread.get("network") or "")
        replies = [r for r in (_reply(e, network) for e in thread.get("replies") or []) if r]
        found[str(url)] = sorted(replies, key=lambda r: r.date)
    return found, []
