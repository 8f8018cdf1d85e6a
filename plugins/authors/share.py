"""Share links that credit the authors: plain intent URLs, no scripts, no trackers.

Each network's prefilled text names every author by *their handle on that network*
(``@MayaOkaforMD`` on X, ``@maya.bsky.social`` on Bluesky, ``@maya@med-mastodon.com`` on
Mastodon), falling back to their name, so a reader's share notifies and credits them.

Mastodon has no central server to share through. By default the link goes to a small page on
this site that asks the reader for their own server and hands the text to that server's
``/share`` form: no third-party service sees what readers share, and it works with any
server. ``AUTHOR_MASTODON_SHARE_URL`` can point at another share service instead.
LinkedIn's share URL takes only the link (it reads the page's Open Graph tags and does not
accept prefilled text or mentions).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .credit import join_names
from .registry import Author
from .validators import PROFILES

# Character budgets (X counts any link as 23; Bluesky 300, Mastodon 500 by default).
LIMITS = {"x": 280 - 24, "bluesky": 300, "mastodon": 500}
# What readers see for each network: the profile networks' own names, and email.
LABELS = {**{kind: profile[0] for kind, profile in PROFILES.items()}, "email": "Email"}


@dataclass(frozen=True)
class ShareLink:
    network: str  # x, bluesky, mastodon, linkedin, email
    label: str  # "X", "Bluesky", ...
    url: str
    local: bool = False  # a page on this site: templates prefix SITEURL


def mention(author: Author, network: str) -> str:
    """How to name ``author`` in a post on ``network``: their handle there, else their name."""
    handle = getattr(author, network, None) if network in PROFILES else None
    return PROFILES[network][2](handle) if handle else author.name


def share_text(title: str, records: list[Author], network: str, url: str | None = None) -> str:
    """``"Title" by @a and @b <url>``, shortening the title (never the credit) to fit."""
    credit = join_names([mention(r, network) for r in records])
    tail = f" by {credit}" if credit else ""
    link = f" {url}" if url else ""
    limit = LIMITS.get(network)
    room = (limit - len(tail) - len(link)) if limit else None
    if room is not None and len(title) > room:
        title = title[: max(room - 1, 10)].rstrip() + "…"
    return f"{title}{tail}{link}"


def _q(text: str) -> str:
    return quote(text, safe="")


def share_links(
    title: str,
    url: str,
    records: list[Author],
    *,
    networks: list[str],
    mastodon_share_url: str = "",
    share_page_url: str = "share/mastodon/",
) -> list[ShareLink]:
    """The share links for one post, in ``networks`` order (unknown names are skipped)."""
    links: list[ShareLink] = []
    for network in networks:
        local = False
        if network == "x":
            params = f"text={_q(share_text(title, records, 'x'))}&url={_q(url)}"
            related = ",".join(r.x for r in records if r.x)
            if related:  # X suggests following these accounts after posting
                params += f"&related={_q(related)}"
            href = f"https://x.com/intent/post?{params}"
        elif network == "bluesky":
            text = share_text(title, records, "bluesky", url)
            href = f"https://bsky.app/intent/compose?text={_q(text)}"
        elif network == "mastodon":
            text = _q(share_text(title, records, "mastodon", url))
            if mastodon_share_url:
                href = mastodon_share_url.replace("{text}", text).replace("{url}", _q(url))
            else:
                href, local = f"{share_page_url}?text={text}", True
        elif network == "linkedin":
            href = f"https://www.linkedin.com/sharing/share-offsite/?url={_q(url)}"
        elif network == "email":
            names = join_names([r.display_name for r in records])
            byline = f"by {names}\r\n" if names else ""
            body = f"{title}\r\n{byline}\r\n{url}\r\n"  # mailto wants CRLF (RFC 6068)
            href = f"mailto:?subject={_q(title)}&body={_q(body)}"
        else:
            continue
        links.append(ShareLink(network, LABELS[network], href, local))
    return links
