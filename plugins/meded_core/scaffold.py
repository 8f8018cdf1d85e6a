"""`make post TITLE="…"`: a new post with every supported front-matter field, commented.

Educators should never have to remember field names: the scaffold lists them all, with
the required ones filled in and the optional ones commented out with an example.
Run as ``python -m meded_core.scaffold "Title"`` (the Makefile sets PYTHONPATH=plugins).
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
import re
import sys
import unicodedata

from meded_core.fields import FieldSpec, declared_fields

POSTS = Path("content/posts")

# Fields every new post gets filled in; the rest of the declared fields follow, commented.
REQUIRED = ("title", "date", "status")
# Pelican's plumbing fields that an educator does not need in a new post.
ADVANCED = {"author", "slug", "lang", "template", "save_as", "url", "translation"}


def scaffold_fields() -> list[FieldSpec]:
    """Every front-matter field the enabled plugins declare, in declaration order.

    Each plugin declares its fields when registered, so new features reach the
    scaffold without anyone editing this file.
    """
    from pelican.settings import read_settings

    settings = read_settings("pelican.conf.py")
    for name in settings.get("PLUGINS", []):
        module = importlib.import_module(name)
        module.register()
    return [
        spec
        for spec in declared_fields().values()
        if spec.name not in REQUIRED and spec.name not in ADVANCED
    ]


def slugify(title: str) -> str:
    """ASCII, lower-case, hyphenated: the file name and the URL of the post."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:60].rstrip("-") or "new-post"


def yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(title: str, today: dt.date, fields: list[FieldSpec]) -> str:
    """The new post's text; optional fields are commented out with an example each."""
    lines = [
        "---",
        f"title: {yaml_quote(title)}",
        f"date: {today.isoformat()}",
        "status: draft  # delete this line to publish; drafts show only in previews (make html), never in make publish",
    ]
    for spec in fields:
        lines.append(f"# {spec.name}: {spec.help}")
        example_lines = (spec.example or "…").splitlines()
        if len(example_lines) == 1:
            lines.append(f"#{spec.name}: {example_lines[0]}")
        else:
            lines.append(f"#{spec.name}:")
            lines.extend(f"#  {line}" for line in example_lines)
    lines += [
        "---",
        "Start writing here. Cite evidence by DOI or PubMed ID, for example",
        "`[@doi:10.1136/bmj.g7016]` or `[@pmid:26275428]` (without the backticks);",
        "the reference list is made for you.",
        "",
        "<!-- Boxes: a line `!!! pearl`, `!!! pitfall`, `!!! key-points`, `!!! bottom-line` or",
        "`!!! commentary registry-slug`, then the text indented by four spaces.",
        'Numbered figures: ![Alt text](/images/x.png "Caption"){#fig:label}, cited as {@fig:label};',
        "tables: a line `Table: Caption {#tbl:label}` above the table, cited as {@tbl:label}. -->",
        "",
    ]
    return "\n".join(lines)


def create_post(
    title: str,
    posts: Path = POSTS,
    today: dt.date | None = None,
    fields: list[FieldSpec] | None = None,
) -> Path:
    if not title.strip():
        raise ValueError('give the post a title: make post TITLE="Your title"')
    target = posts / f"{slugify(title)}.md"
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another title or edit that file")
    posts.mkdir(parents=True, exist_ok=True)
    fields = scaffold_fields() if fields is None else fields
    target.write_text(render(title.strip(), today or dt.date.today(), fields), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    title = " ".join(argv).strip()
    try:
        path = create_post(title)
    except (ValueError, FileExistsError) as exc:
        print(f"make post: {exc}", file=sys.stderr)
        return 2
    print(f"Created {path}. Fill in the commented fields you need, then run `make html`.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
