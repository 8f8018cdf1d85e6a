"""A post's ``lang`` is a short BCP 47 language tag, or the site's language is used.

Why: Pelican publishes a post whose ``lang`` differs from ``DEFAULT_LANG`` at its
translation address, so a typo ("englsh") moved the post's URL, and a long value made
Pagefind fail, silently leaving the site without search. The tag is checked with
langcodes (the registry of IETF language subtags).
"""

from __future__ import annotations

import langcodes
from meded_core import Problem, report

MAX_LENGTH = 35  # the longest tag BCP 47 requires processors to support


def lang_problem(value: object) -> str | None:
    text = str(value).strip()
    if not text:
        return "is empty"
    if len(text) > MAX_LENGTH:
        return f"is longer than {MAX_LENGTH} characters"
    if "_" in text:
        return f"uses '_'; language tags use '-' ({text.replace('_', '-')})"
    if not langcodes.tag_is_valid(text):
        return "is not a language tag"
    return None


def check_lang(content, line: int | None) -> None:
    raw = content.metadata.get("lang")
    if raw is None:
        return
    why = lang_problem(raw)
    if why is None:
        return
    default = str(content.settings.get("DEFAULT_LANG") or "en")
    shown = str(raw) if len(str(raw)) <= 40 else str(raw)[:40] + "…"
    report(
        Problem(
            getattr(content, "source_path", "") or "",
            f"'{shown}' {why}; the site language '{default}' is used",
            "use a BCP 47 tag such as en, en-GB, fr, es-419 or pt-BR, or remove lang",
            line=line,
            field="lang",
        )
    )
    content.lang = default
    content.metadata["lang"] = default
    content.in_default_lang = True
