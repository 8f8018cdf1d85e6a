"""``make doi``: give a post its Rogue Scholar DOI before it is first published.

Rogue Scholar's preferred workflow: the blog generates the DOI (its own prefix, a
checksummed suffix), publishes it as the feed entry id, and Rogue Scholar registers exactly
that DOI when it archives the post. The DOI is written into the post's front matter twice:
``doi:`` (shown on the post, in citation_doi, JSON-LD, Cite this post) and ``feed_id:`` (the
entry id, which must then never change). A post that already has a DOI never gets a second
one, and a published post is left alone, because giving it a new entry id would make it a
new post to every reader and archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontmatter.parsing import YAML_END, split_front_matter
from meded_core.identifiers import doi_url

from .doi_suffix import new_doi


class AssignError(Exception):
    """A post that cannot be given a DOI, with what to do instead."""


@dataclass(frozen=True)
class Assigned:
    path: Path
    doi: str


def assign_doi(path: Path, prefix: str, *, published_ok: bool = False) -> Assigned:
    text = path.read_text(encoding="utf-8")
    front = split_front_matter(text)
    if front.error:
        raise AssignError(f"{path}:{front.error_line}: {front.error}; fix the front matter first")
    if front.style == "none":
        raise AssignError(f"{path}: no front matter; add a title and date first")
    if front.values.get("doi"):
        raise AssignError(
            f"{path}:{front.lines.get('doi')}: doi: the post already has a DOI "
            f"({front.values['doi']}); a post is never given a second one"
        )
    if front.values.get("feed_id"):
        raise AssignError(
            f"{path}:{front.lines.get('feed_id')}: feed_id: the post already has a feed id; "
            "it must not change, so no DOI was added"
        )
    draft = str(front.values.get("status", "")).strip().lower() == "draft"
    if not draft and not published_ok:
        raise AssignError(
            f"{path}: the post is not a draft, so it may already be published with another "
            "entry id; if Rogue Scholar archived it, `make impact` finds its DOI. "
            "If it has never been published, run again with FORCE=1"
        )
    doi = new_doi(prefix)
    lines = [f"doi: {doi}\n", f"feed_id: {doi_url(doi)}  # the feed entry id; never change it\n"]
    path.write_text(_insert(text, front.style, lines), encoding="utf-8")
    return Assigned(path, doi)


def _insert(text: str, style: str, new_lines: list[str]) -> str:
    """Add lines at the end of the front matter, keeping everything else byte for byte."""
    lines = text.splitlines(keepends=True)
    if style == "yaml":
        end = next(i for i in range(1, len(lines)) if YAML_END.match(lines[i]))
    else:
        end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    if end and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    return "".join(lines[:end] + new_lines + lines[end:])
