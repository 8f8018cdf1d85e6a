"""Content licences by their common names, so a post can say `license: CC BY-NC 4.0`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class License:
    name: str
    url: str | None


_KNOWN = {
    "cc by 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc by-sa 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc by-nc 4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "cc by-nc-sa 4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "cc by-nd 4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "cc by-nc-nd 4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "cc0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "cc0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "all rights reserved": None,
}


def known_license_names() -> list[str]:
    return sorted(_KNOWN)


def resolve_license(name: str | None, default_name: str, default_url: str | None) -> License | None:
    """Map a licence name or URL to a :class:`License`; None when the name is not known."""
    if not name:
        return License(default_name, default_url)
    text = str(name).strip()
    if text.startswith(("http://", "https://")):
        return License(text, text)
    key = " ".join(text.lower().replace("_", " ").split())
    if key in _KNOWN:
        return License(text, _KNOWN[key])
    return None
