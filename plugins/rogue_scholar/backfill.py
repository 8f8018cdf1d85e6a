"""``make impact``, first step: find the Rogue Scholar DOIs of posts published without one.

For every published post without a ``doi:`` of its own, ask Rogue Scholar for the record of
its public URL and keep the DOI in ``content/data/dois.json`` (see ``meded_core.post_dois``).
A failed or empty lookup never removes a DOI found before, a different answer never replaces
it (it is reported), and a post with its own DOI is never looked up, so no post gets a
second DOI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
import datetime as dt
from pathlib import Path
from typing import Any

from frontmatter.parsing import split_front_matter
from meded_core.bounded_http import Limits, bounded_session, hosts_of
from meded_core.post_dois import StoredDoi, dois_path, read_post_dois, write_post_dois
from meded_core.publication import post_files, withheld
from pelican.utils import get_date, slugify
import requests

from .lookup import FAILED, FOUND, api_url, lookup_doi


@dataclass
class BackfillResult:
    asked: int = 0
    found: list[str] = field(default_factory=list)  # source paths newly given a DOI
    failed: int = 0
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PublishedPost:
    source: str  # relative to the content folder
    url: str  # site-relative, as ARTICLE_URL makes it


def published_posts(settings: Mapping[str, Any]) -> tuple[list[PublishedPost], list[str]]:
    """Published posts without a DOI of their own, with the URL Pelican gives them."""
    content = Path(settings.get("PATH") or "content")
    posts, notices = [], []
    for path in post_files(content, settings.get("ARTICLE_PATHS") or ["posts"]):
        try:
            front = split_front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        values = front.values
        if front.error or values.get("doi") or withheld(values) or not values.get("date"):
            continue
        try:
            url = _post_url(path, values, settings)
        except (ValueError, KeyError) as exc:
            notices.append(f"{path}: cannot work out the post's URL ({exc}); not looked up")
            continue
        posts.append(PublishedPost(path.relative_to(content).as_posix(), url))
    return posts, notices


def _post_url(path: Path, values: dict[str, Any], settings: Mapping[str, Any]) -> str:
    if values.get("url"):
        return str(values["url"]).lstrip("/")
    source = values.get("slug") or (
        path.stem if settings.get("SLUGIFY_SOURCE", "title") == "basename" else values["title"]
    )
    slug = slugify(
        str(source),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
    date = get_date(str(values["date"]))
    pattern = settings.get("ARTICLE_URL") or "{slug}.html"
    return pattern.format(
        slug=slug, date=date, lang=values.get("lang") or settings.get("DEFAULT_LANG", "en")
    )


def backfill_post_dois(
    settings: Mapping[str, Any],
    *,
    env: Mapping[str, str],
    today: str | None = None,
    session: requests.Session | None = None,
    say: Callable[[str], None] = print,
) -> BackfillResult:
    result = BackfillResult()
    siteurl = (env.get("SITEURL") or settings.get("SITEURL") or "").rstrip("/")
    if not siteurl:
        say(
            "rogue scholar: SITEURL is not set, so post DOIs were not looked up "
            "(run SITEURL=https://… make impact)"
        )
        return result
    path = dois_path(dict(settings))
    stored, problems = read_post_dois(path)
    if problems:
        for problem in problems:
            say(f"rogue scholar: {problem.source}: {problem.message}")
        say("rogue scholar: the post DOI file was left as it is; no lookups were made")
        return result
    posts, notices = published_posts(settings)
    for notice in notices:
        say(f"rogue scholar: {notice}")
    base = api_url(dict(env))
    if session is None:  # one deadline and size cap per answer, no redirect elsewhere
        session = requests.Session()
        bounded_session(
            session, Limits(deadline=15.0, max_bytes=4 * 1024**2, hosts=hosts_of([base]))
        )
    today = today or dt.datetime.now(dt.UTC).date().isoformat()
    changed = False
    for post in posts:
        url = f"{siteurl}/{post.url}"
        answer = lookup_doi(url, session=session, base=base)
        result.asked += 1
        known = stored.get(post.source)
        if answer.status == FAILED:
            result.failed += 1
            kept = f"; kept {known.doi}" if known else ""
            say(f"rogue scholar: {post.source}: lookup failed ({answer.detail}){kept}")
        elif answer.status == FOUND and known and known.doi != answer.doi:
            say(
                f"rogue scholar: {post.source}: Rogue Scholar now answers {answer.doi}, "
                f"but {known.doi} was recorded; kept {known.doi} (edit {path} if it changed)"
            )
        elif answer.status == FOUND and not known:
            stored[post.source] = StoredDoi(answer.doi, url, "rogue-scholar", today)
            result.found.append(post.source)
            changed = True
    if changed:
        write_post_dois(path, stored)
    say(
        f"rogue scholar: {result.asked} post(s) looked up, {len(result.found)} new DOI(s), "
        f"{result.failed} failed"
    )
    return result
