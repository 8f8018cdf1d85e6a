"""``make new-blog``: turn a fresh clone's demo into an empty blog of the user's own.

Clinician-educators fork the project to write their own blog, not to keep Teaching Rounds.
This removes what is demo (its posts, its six fictional people, their portraits, its
impact figures, references cache and bibliography) and keeps what is product: the About
page and the transparency-checklist page become editable templates, and the site's name,
address and first author are set. It refuses to run on content that is no longer the demo
(someone else in the registry), so it never deletes a user's own posts.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import json
from pathlib import Path
import re
import shutil
import sys

from .scaffold import slugify, yaml_quote

DEMO_PEOPLE = (
    "daniel-reyes",
    "hannah-lindqvist",
    "maya-okafor",
    "priya-natarajan",
    "samuel-adeyemi",
    "teresa-halvorsen",
)
DEMO_FOLDERS = ("posts", "images", "bibliography", "data")  # emptied: all of it is demo
DEMO_FILES = ("series.yml",)  # the demo's series (a blog names its own when it has one)
KEY = re.compile(r"^([a-z0-9][a-z0-9-]*):\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Blog:
    name: str
    author: str
    url: str = ""


def check_is_demo(content: Path) -> None:
    """Raise ValueError unless ``content`` still holds the demo (or is already empty)."""
    registry = content / "authors.yml"
    if not registry.exists():
        return
    own = [s for s in KEY.findall(registry.read_text(encoding="utf-8")) if s not in DEMO_PEOPLE]
    if own:
        raise ValueError(
            f"{registry} already lists people who are not in the demo ({', '.join(own)}); "
            "make new-blog only replaces the demo and would delete your posts"
        )


def authors_yml(blog: Blog) -> str:
    slug = slugify(blog.author)
    return f"""# The people of this blog: authors, reviewers and editors, one entry each.
# Posts name them by slug (authors: [{slug}]). Every field but name is optional;
# the README's "Authors and their handles" section explains each one.
{slug}:
  name: {yaml_quote(blog.author)}
  # degrees: MD, MEd
  # role: Associate Professor of Emergency Medicine
  # affiliation: Your institution
  # bio: A few sentences of **Markdown**.
  # photo: images/authors/{slug}.jpg
  # orcid: 0000-0000-0000-0000
  # x: yourhandle
  # bluesky: you.bsky.social
  # mastodon: "@you@med-mastodon.com"
  # linkedin: your-profile
  # website: https://your.site.example
  disclosures: None declared.
"""


def about_md(blog: Blog) -> str:
    return f"""---
title: About {blog.name}
slug: about
---
*{blog.name}* is a medical-education blog by {blog.author}.

Edit this page in `content/pages/about.md`: say who the blog is for, who writes and
reviews it, how readers can reach you, and that posts are not clinical guidance.
"""


BIB_HEADER = """% The blog's bibliography: cite an entry with [@key] in any post.
% Export it from Zotero (Better BibTeX), Mendeley or EndNote, or type entries by hand.
"""


def set_setting(conf: str, name: str, value: str, comment: str) -> str:
    """Replace ``NAME = ...`` (one line) in pelican.conf.py, or add it after SITENAME.

    A value containing '#' is fine: it is written as a JSON string, which Python reads.
    """
    pattern = re.compile(rf"^{name} = [^#\n]*(?:#\s*(.*))?$", re.MULTILINE)
    existing = pattern.search(conf)
    if existing and existing.group(1):
        comment = existing.group(1)  # keep the settings file's own explanation
    line = f"{name} = {json.dumps(value, ensure_ascii=False)}  # {comment}"
    if existing:
        return pattern.sub(lambda _m: line, conf, count=1)
    return re.sub(
        r"^(SITENAME = .*)$", lambda m: f"{m.group(1)}\n{line}", conf, count=1, flags=re.M
    )


def new_blog(root: Path, blog: Blog) -> list[str]:
    """Replace the demo in ``root/content`` with an empty blog; return what was done."""
    content = root / "content"
    check_is_demo(content)
    done = []
    for folder in DEMO_FOLDERS:
        target = content / folder
        if target.exists():
            shutil.rmtree(target)
            done.append(f"removed the demo's {folder}/")
    for name in DEMO_FILES:
        if (content / name).exists():
            (content / name).unlink()
            done.append(f"removed the demo's {name}")
    (content / "posts").mkdir(parents=True)
    (content / "images").mkdir()
    (content / "bibliography").mkdir()
    (content / "bibliography/blog.bib").write_text(BIB_HEADER, encoding="utf-8")
    (content / "authors.yml").write_text(authors_yml(blog), encoding="utf-8")
    done.append(f"content/authors.yml now lists you ({slugify(blog.author)})")
    (content / "pages").mkdir(exist_ok=True)
    (content / "pages/about.md").write_text(about_md(blog), encoding="utf-8")
    done.append("content/pages/about.md is a template to edit")

    conf_path = root / "pelican.conf.py"
    conf = conf_path.read_text(encoding="utf-8")
    conf = set_setting(conf, "SITENAME", blog.name, "shown in the header, titles and feeds")
    conf = set_setting(conf, "AUTHOR", blog.author, "fallback author for content that names none")
    if blog.url:
        conf = set_setting(
            conf,
            "SITE_ADDRESS",
            blog.url.rstrip("/"),
            "the published address; make publish uses it",
        )
    conf_path.write_text(conf, encoding="utf-8")
    done.append(f"pelican.conf.py: site name {blog.name!r}, author {blog.author!r}")
    return done


def ask(label: str, given: str | None, required: bool) -> str:
    """The value from the command line, or a prompt when a person is at the keyboard."""
    if given and given.strip():
        return given.strip()
    if sys.stdin.isatty():
        answer = input(f"{label}: ").strip()
        if answer or not required:
            return answer
    if required:
        raise ValueError(
            f'give {label.lower()}, e.g. make new-blog NAME="Ward Notes" AUTHOR="Jane Doe, MD"'
        )
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make new-blog")
    parser.add_argument("--name", help="the blog's name (NAME=)")
    parser.add_argument("--author", help="your full name, without degrees (AUTHOR=)")
    parser.add_argument(
        "--url", help="the published address, e.g. https://you.github.io/blog (URL=)"
    )
    parser.add_argument("--root", default=".", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    try:
        blog = Blog(
            name=ask("The blog's name (NAME)", options.name, True),
            author=ask("Your name, without degrees (AUTHOR)", options.author, True),
            url=ask(
                "Its address, e.g. https://you.github.io/blog (URL, optional)", options.url, False
            ),
        )
        done = new_blog(Path(options.root), blog)
    except ValueError as exc:
        print(f"make new-blog: {exc}", file=sys.stderr)
        return 2
    for line in done:
        print(f"  - {line}")
    print(
        "Your blog is ready. Next: add your details to content/authors.yml, write a post with "
        '`make post TITLE="..."`, preview it with `make devserver`, and run `make check`.'
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
