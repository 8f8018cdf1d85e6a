"""Accessibility basics of a post's rendered HTML: image alt text and media transcripts.

Checked on the HTML (not the Markdown) so that images and players written as raw HTML or
produced by extensions are checked too.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from urllib.parse import urlparse

# Embedded players that carry audio or video (an iframe with a map or a form is not media).
MEDIA_HOSTS = (
    "youtube.com",
    "youtube-nocookie.com",
    "youtu.be",
    "vimeo.com",
    "soundcloud.com",
    "spotify.com",
    "podbean.com",
    "libsyn.com",
    "buzzsprout.com",
    "anchor.fm",
    "simplecast.com",
    "podcasts.apple.com",
    "transistor.fm",
    "captivate.fm",
)


@dataclass(frozen=True)
class AccessibilityReport:
    images: int = 0
    images_without_alt: int = 0
    media: int = 0
    transcript_links: int = 0

    @property
    def checked(self) -> bool:
        return bool(self.images or self.media)

    @property
    def media_without_transcript(self) -> int:
        return max(0, self.media - self.transcript_links)

    @property
    def gaps(self) -> list[str]:
        images, media = self.images_without_alt, self.media_without_transcript
        found = []
        if images:
            found.append(f"{images} image{'s' if images != 1 else ''} without alt text")
        if media:
            found.append(
                f"{media} audio or video item{'s' if media != 1 else ''} without a transcript link"
            )
        return found


def _decorative(img) -> bool:
    return img.get("role") in ("presentation", "none") or img.get("aria-hidden") == "true"


def _is_media_iframe(frame) -> bool:
    host = (urlparse(frame.get("src") or "").hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in MEDIA_HOSTS)


# Tags that make the check applicable. Most posts have none, and parsing every post's HTML
# costs more than the rest of the checklist together, so a post without any is not parsed.
_CHECKED_TAG = re.compile(r"<(?:img|audio|video|iframe)[\s/>]", re.IGNORECASE)


def check_accessibility(html: str) -> AccessibilityReport:
    if not _CHECKED_TAG.search(html or ""):
        return AccessibilityReport()  # nothing to check (transcript links count only with media)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html or "", "html.parser")
    images = [img for img in soup.find_all("img") if not _decorative(img)]
    missing = [img for img in images if not (img.get("alt") or "").strip()]
    media = soup.find_all(["audio", "video"]) + [
        f for f in soup.find_all("iframe") if _is_media_iframe(f)
    ]
    transcripts = [
        a
        for a in soup.find_all("a", href=True)
        if "transcript" in a.get_text(" ").lower() or "transcript" in a["href"].lower()
    ]
    return AccessibilityReport(len(images), len(missing), len(media), len(transcripts))
