"""Handle and link validators for the author registry and per-post handle overrides.

Each validator takes what an editor typed (with or without ``@``, or a profile URL pasted
from the browser) and returns a :class:`Checked`: the canonical value, or a message that says
what is wrong and what a good value looks like. No Pelican imports: plain functions, tested
directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import re
from urllib.parse import urlsplit

from meded_core.identifiers import normalize_orcid, normalize_ror, orcid_error
from meded_core.paths import inside


@dataclass(frozen=True)
class Checked:
    value: str | None = None
    error: str | None = None
    local: bool = False  # a file inside the content folder rather than a URL


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z][a-z0-9-]*[a-z0-9]$")
_X = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_MASTODON = re.compile(r"^@?([A-Za-z0-9_][A-Za-z0-9_.-]*)@([^@\s/]+)$")
_LINKEDIN = re.compile(r"^[\w-]{3,100}$")


def is_domain(text: str) -> bool:
    text = text.lower()
    return len(text) <= 253 and bool(_DOMAIN.match(text))


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _profile_path(value: str, hosts: tuple[str, ...]) -> str | None:
    """The path of ``value`` if it is a URL on one of ``hosts`` (scheme optional)."""
    parts = urlsplit(value if "://" in value else f"https://{value}")
    host = (parts.hostname or "").lower().removeprefix("www.")
    return parts.path.strip("/") if host in hosts else None


def check_x(value: object) -> Checked:
    """X (Twitter) handle: 1 to 15 letters, digits or underscores; ``@`` or a profile URL allowed."""
    text = _text(value)
    path = _profile_path(text, ("x.com", "twitter.com")) if "/" in text else None
    handle = (path if path is not None else text).lstrip("@")
    if _X.match(handle):
        return Checked(handle)
    return Checked(
        error=f"'{text}' is not an X handle (1 to 15 letters, digits or underscores, e.g. @MayaOkaforMD)"
    )


def check_bluesky(value: object) -> Checked:
    """Bluesky handle: a domain name such as ``maya.bsky.social`` (``@`` or profile URL allowed)."""
    text = _text(value)
    path = _profile_path(text, ("bsky.app",)) if "/" in text else None
    if path is not None and path.startswith("profile/"):
        text = path.split("/", 1)[1]
    handle = text.lstrip("@").lower()
    if is_domain(handle):
        return Checked(handle)
    return Checked(
        error=f"'{_text(value)}' is not a Bluesky handle (a domain name such as maya.bsky.social or maya.example.org)"
    )


def check_mastodon(value: object) -> Checked:
    """Mastodon (fediverse) address ``@user@server``; a profile URL ``https://server/@user`` works too."""
    text = _text(value)
    if "://" in text:
        parts = urlsplit(text)
        path = parts.path.strip("/")
        if parts.hostname and path.startswith("@") and "/" not in path:
            text = f"{path}@{parts.hostname}"
    match = _MASTODON.match(text)
    if match and is_domain(match.group(2)):
        return Checked(f"@{match.group(1)}@{match.group(2).lower()}")
    return Checked(
        error=f"'{_text(value)}' is not a Mastodon address (write it as @user@server, e.g. @maya@med-mastodon.com)"
    )


def check_linkedin(value: object) -> Checked:
    """LinkedIn profile: the part after ``linkedin.com/in/``, or the whole profile URL."""
    text = _text(value)
    if "linkedin." in text.lower() or "/" in text:
        path = _profile_path(text, ("linkedin.com",))
        if path is None or not path.startswith("in/"):
            return Checked(
                error=f"'{text}' is not a LinkedIn profile URL (it should look like https://www.linkedin.com/in/maya-okafor)"
            )
        text = path.split("/")[1]
    if _LINKEDIN.match(text):
        return Checked(text)
    return Checked(
        error=f"'{text}' is not a LinkedIn profile name (3 to 100 letters, digits or hyphens, e.g. maya-okafor)"
    )


def check_orcid(value: object) -> Checked:
    """ORCID iD, bare or as an ``https://orcid.org/`` URL, with its check digit verified."""
    text = _text(value)
    error = orcid_error(text)
    return Checked(error=error) if error else Checked(normalize_orcid(text))


def check_ror(value: object) -> Checked:
    """ROR ID of an organisation, bare or as an ``https://ror.org/`` URL."""
    text = _text(value)
    ror = normalize_ror(text)
    if ror:
        return Checked(ror)
    return Checked(
        error=f"'{text}' is not a ROR ID (nine characters such as 03yrm5c26, check digits verified)"
    )


def check_url_or_file(value: object, content_root: Path | None, *, kind: str = "link") -> Checked:
    """An http(s) URL, or a file that exists inside the content folder (``images/x.jpg``)."""
    text = _text(value)
    if not text:
        return Checked(error=f"the {kind} is empty")
    if "://" in text or text.startswith("//"):
        parts = urlsplit(text)
        host = parts.hostname or ""
        if (
            parts.scheme in ("http", "https")
            and (is_domain(host) or host == "localhost")
            and " " not in text
        ):
            return Checked(text)
        return Checked(
            error=f"'{text}' is not a web address (it should start with https:// and name a site)"
        )
    relative = text.removeprefix("{static}").lstrip("/")
    if content_root is not None and relative and not inside(content_root, relative):
        return Checked(error=f"'{text}' points outside the content folder")
    if content_root is not None and relative and (content_root / relative).is_file():
        return Checked(relative, local=True)
    where = f" in {content_root.name}/" if content_root is not None else ""
    return Checked(
        error=f"'{text}' is neither a web address (https://...) nor a file{where}; check the spelling and the folder"
    )


HANDLE_CHECKS = {
    "x": check_x,
    "bluesky": check_bluesky,
    "mastodon": check_mastodon,
    "linkedin": check_linkedin,
}


def mastodon_url(address: str) -> str:
    """``@user@server`` -> ``https://server/@user``."""
    user, host = address.lstrip("@").split("@", 1)
    return f"https://{host}/@{user}"


# network: (the name readers see, profile URL of a checked handle, the handle as people write it)
PROFILES = {
    "x": ("X", "https://x.com/{}".format, "@{}".format),
    "bluesky": ("Bluesky", "https://bsky.app/profile/{}".format, "@{}".format),
    "mastodon": ("Mastodon", mastodon_url, str),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/in/{}".format, str),
}
