"""Video and podcast embeds that are private, responsive and valid HTML.

Educators paste embed code from YouTube, Vimeo or Spotify, or just the link. Pasted code
loads trackers (youtube.com rather than youtube-nocookie.com), has fixed pixel widths that
overflow a phone screen, and Spotify's fails the HTML checker (``width="100%"``,
``frameBorder``). Both forms become the same markup here: a ``figure`` whose iframe fills
the column at the provider's aspect ratio, loads lazily, has a title for screen readers,
and links to the original and to a transcript when one is given.

The syntax, on lines of their own (a paragraph)::

    https://www.youtube.com/watch?v=dQw4w9WgXcQ "Airway basics in five minutes"
    Transcript: transcripts/airway-basics.md

The quoted title and the ``Transcript:`` line are optional. A bare ``.mp3``/``.m4a`` link
becomes an audio player.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import html
import re
from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup
from markdown import Markdown
from markdown.preprocessors import Preprocessor

from .source import add_problem

URL_LINE = re.compile(r'^\s*<?(https?://[^\s<>"]+)>?(?:\s+"([^"]*)")?\s*$')
TRANSCRIPT_LINE = re.compile(
    r"^\s*Transcript:\s*(?:\[[^\]]*\]\(([^)\s]+)\)|<?([^\s<>]+)>?)\s*$", re.I
)
IFRAME_START = re.compile(r"^\s*<iframe\b", re.I)
IFRAME_END = re.compile(r"</iframe\s*>", re.I)
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav")


@dataclass(frozen=True)
class Embed:
    """One embeddable media item: where it plays from and how it is shown."""

    provider: str  # "YouTube", "Vimeo", "Spotify", "Apple Podcasts", "audio"
    src: str  # the iframe (or audio) address
    page: str  # the item's own page, linked under the player
    shape: str  # CSS modifier: "video" (16:9) or "audio-short"/"audio-tall" (fixed height)


def _youtube(url) -> Embed | None:
    host = url.netloc.lower().removeprefix("www.").removeprefix("m.")
    query = parse_qs(url.query)
    video = None
    if host == "youtu.be":
        video = url.path.strip("/").split("/")[0]
    elif host in {"youtube.com", "youtube-nocookie.com", "music.youtube.com"}:
        parts = url.path.strip("/").split("/")
        if parts[0] == "watch":
            video = (query.get("v") or [""])[0]
        elif parts[0] in {"embed", "shorts", "live", "v"} and len(parts) > 1:
            video = parts[1]
    if not video or not YOUTUBE_ID.match(video):
        return None
    start = (query.get("t") or query.get("start") or [""])[0].rstrip("s")
    suffix = f"?start={int(start)}" if start.isdigit() else ""
    page = f"https://www.youtube.com/watch?v={video}"
    return Embed(
        "YouTube", f"https://www.youtube-nocookie.com/embed/{video}{suffix}", page, "video"
    )


def _vimeo(url) -> Embed | None:
    host = url.netloc.lower().removeprefix("www.")
    if host not in {"vimeo.com", "player.vimeo.com"}:
        return None
    video = next((p for p in url.path.split("/") if p.isdigit()), None)
    if not video:
        return None
    page = f"https://vimeo.com/{video}"
    return Embed("Vimeo", f"https://player.vimeo.com/video/{video}?dnt=1", page, "video")


def _spotify(url) -> Embed | None:
    if url.netloc.lower() != "open.spotify.com":
        return None
    parts = [p for p in url.path.split("/") if p and p != "embed" and not p.startswith("intl-")]
    if len(parts) < 2 or parts[0] not in {"episode", "show", "track", "album", "playlist"}:
        return None
    kind, item = parts[0], parts[1]
    shape = "audio-short" if kind in {"episode", "track"} else "audio-tall"
    base = "https://open.spotify.com"
    return Embed("Spotify", f"{base}/embed/{kind}/{item}", f"{base}/{kind}/{item}", shape)


def _apple_podcasts(url) -> Embed | None:
    host = url.netloc.lower()
    if host not in {"podcasts.apple.com", "embed.podcasts.apple.com"}:
        return None
    rest = url.path + (f"?{url.query}" if url.query else "")
    episode = "i=" in url.query
    return Embed(
        "Apple Podcasts",
        f"https://embed.podcasts.apple.com{rest}",
        f"https://podcasts.apple.com{rest}",
        "audio-short" if episode else "audio-tall",
    )


def _audio_file(url) -> Embed | None:
    if not url.path.lower().endswith(AUDIO_EXTENSIONS):
        return None
    address = url.geturl()
    return Embed("audio", address, address, "audio")


PROVIDERS: tuple[Callable, ...] = (_youtube, _vimeo, _spotify, _apple_podcasts, _audio_file)


def find_embed(address: str) -> Embed | None:
    """The embed for a media address, or None when it is not one we know."""
    try:
        url = urlparse(address.strip())
    except ValueError:
        return None
    if url.scheme not in {"http", "https"}:
        return None
    for provider in PROVIDERS:
        found = provider(url)
        if found:
            return found
    return None


def render_embed(embed: Embed, title: str = "", transcript: str = "") -> str:
    """The figure for an embed; every attribute value is escaped."""
    esc = html.escape
    label = title or ("Audio" if embed.provider == "audio" else f"Embedded {embed.provider} player")
    if embed.provider == "audio":
        player = (
            f'<audio controls preload="none" src="{esc(embed.src)}" title="{esc(label)}">'
            f'<a href="{esc(embed.src)}">Download the audio</a></audio>'
        )
        source_link = f'<a href="{esc(embed.page)}">Download the audio</a>'
    else:
        player = (
            f'<iframe src="{esc(embed.src)}" title="{esc(label)}" loading="lazy" '
            'allow="autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture" '
            'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>'
        )
        source_link = f'<a href="{esc(embed.page)}">{esc(title or "Watch or listen")} on {esc(embed.provider)}</a>'
    links = [source_link]
    if transcript:
        links.append(f'<a href="{esc(transcript)}">Transcript</a>')
    return (
        f'<figure class="embed embed-{embed.shape}">'
        f'<div class="embed-frame">{player}</div>'
        f"<figcaption>{' · '.join(links)}</figcaption></figure>"
    )


class EmbedPreprocessor(Preprocessor):
    """Media links on lines of their own, and pasted iframes, become embed figures.

    Runs after fenced code is set aside, so examples inside code blocks stay as written.
    """

    def __init__(self, md: Markdown, resolve_link: Callable[[Markdown, str], str]):
        super().__init__(md)
        self.resolve_link = resolve_link

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            previous_blank = index == 0 or not lines[index - 1].strip()
            if previous_blank and IFRAME_START.match(line):
                end = index
                while end < len(lines) and not IFRAME_END.search(lines[end]):
                    end += 1
                block = "\n".join(lines[index : end + 1])
                out.extend(["", self._pasted(block), ""])
                index = end + 1
                continue
            match = URL_LINE.match(line) if previous_blank else None
            embed = find_embed(match.group(1)) if match else None
            if embed:
                found = TRANSCRIPT_LINE.match(lines[index + 1]) if index + 1 < len(lines) else None
                after = index + (2 if found else 1)  # the line after the link (and transcript)
                if after >= len(lines) or not lines[after].strip():  # a block of its own
                    link = found and self.resolve_link(self.md, found.group(1) or found.group(2))
                    out.extend(["", render_embed(embed, match.group(2) or "", link or ""), ""])
                    index = after
                    continue
            out.append(line)
            index += 1
        return out

    def _pasted(self, block: str) -> str:
        """Pasted iframe code: known players are rebuilt; others made valid and responsive."""
        soup = BeautifulSoup(block, "html.parser")
        frame = soup.find("iframe")
        if frame is None:
            return block
        src = str(frame.get("src") or "")
        title = str(frame.get("title") or "")
        embed = find_embed(src)
        if embed:
            return render_embed(embed, title)
        if not src.startswith("https://"):
            add_problem(
                self.md,
                f"the embedded frame's address '{src}' is not an https:// address; it was left out",
                "paste the provider's https:// embed code or put the media's link on its own line",
                text="<iframe",
            )
            return ""
        host = urlparse(src).netloc
        if not title:
            add_problem(
                self.md,
                f"the embedded frame from {host} has no title for screen readers",
                'add title="What this shows" to the <iframe>',
                text="<iframe",
            )
        return render_embed(Embed(host, src, src, "video"), title)
