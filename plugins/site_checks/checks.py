"""Run every site check and turn what it finds into content problems with file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from pathlib import Path

from meded_core.problems import Problem

from . import feeds, leaks, links, sources

LINK_FIX = (
    "link another post with {filename}other-post.md and a file under content/ with "
    "{static}/images/name.png (the '/' after {static} starts at content/); never start a "
    "plain link with '/': the site lives under a sub-path"
)
THEME_FIX = "the link comes from the theme or a plugin setting, not from a post"
LEAK_FIX = (
    "an unpublished post must never be built into the published site: build it with "
    "`make publish`/`make check`, and remove output/ (`make clean`) if it is stale"
)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    links: int = 0
    feeds: int = 0
    unpublished: int = 0

    def summary(self) -> str:
        checked = (
            f"{self.pages} pages, {self.links} internal links, {self.feeds} feeds, "
            f"{self.unpublished} unpublished posts kept out"
        )
        if self.problems:
            return f"site checks: {len(self.problems)} problem(s) to fix ({checked})"
        return f"site checks passed: {checked}"


def link_problems(
    broken: list[links.BrokenLink], content_sources: list[sources.Source], output: Path
) -> list[Problem]:
    """One problem per content line (or theme link), naming the pages that show it."""
    by_url: dict[str, list[links.BrokenLink]] = {}
    for item in broken:
        by_url.setdefault(item.link.url, []).append(item)
    problems = []
    for url, items in by_url.items():
        # the post's own page first: that is where the author will look
        pages = sorted({i.link.page for i in items}, key=lambda p: (not p.startswith("posts/"), p))
        items.sort(key=lambda i: pages.index(i.link.page))
        shown = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
        what = "image" if items[0].link.tag in {"img", "source"} else "link"
        message = f"{what} '{url}' does not resolve: {items[0].reason} (on {shown})"
        writers = sources.lines_writing(content_sources, url, items[0].site_path)
        if writers:
            problems += [Problem(str(s.path), message, LINK_FIX, line=n) for s, n in writers]
        else:
            problems.append(Problem(str(output / pages[0]), message, THEME_FIX))
    return problems


def check_site(
    content: Path, output: Path, siteurl: str = "", now: dt.datetime | None = None
) -> Report:
    """Check the built site in ``output`` against the ``content`` it was built from.

    ``siteurl`` is the SITEURL the site was built with ("" for relative URLs).
    """
    report = Report()
    content_sources = sources.read_sources(content)
    report.pages = sum(1 for _ in links.html_pages(output))
    if not (output / "index.html").is_file():
        report.problems.append(
            Problem(str(output), "the site has no home page (index.html)", "build the site first")
        )
    broken, report.links = links.broken_links(output, siteurl)
    report.problems += link_problems(broken, content_sources, output)

    broken_feeds, report.feeds = feeds.broken_feeds(output)
    report.problems += [Problem(str(output / path), why) for path, why in broken_feeds]

    hidden = sources.unpublished(content_sources, now)
    report.unpublished = len(hidden)
    for leak in leaks.leaks(output, hidden):
        files = ", ".join(leak.files[:5]) + (" ..." if len(leak.files) > 5 else "")
        report.problems.append(
            Problem(
                str(leak.post.source.path),
                f"this post is not published ({leak.post.why}) but its text is in {files}",
                LEAK_FIX,
                line=leak.post.line,
                field=leak.post.field,
            )
        )
    return report
