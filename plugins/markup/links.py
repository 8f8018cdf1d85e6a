"""Links between posts and images written the natural way, checked and made portable.

Authors link files as their editor shows them: ``[x](other-post.md)``,
``[x](../posts/other-post.md)``, ``![](../images/x.png)``, an image beside the post
(``![](photo.jpg)`` in a Hugo page bundle), or a root path (``/images/x.png``, Hugo's and
Jekyll's habit). None of these is a working address in the built site, and a root path
breaks when the site is published under a GitHub project sub-path. Each is rewritten to
Pelican's ``{filename}``/``{static}`` form, which Pelican turns into the right address for
local and sub-path builds alike; a link or image that names no file is a content problem
with the file and line. Root site addresses (``/about/``) are made relative to the page, or
prefixed with ``SITEURL``, after the post is read.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
import re
from urllib.parse import unquote, urlsplit, urlunsplit

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from .source import add_problem

POST_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".qmd"}
PELICAN_LINK = re.compile(r"^\{(filename|static|attach)\}(.*)$")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|\{)", re.I)


def _content_root(md: Markdown) -> Path | None:
    root = getattr(md, "markup_content_root", None)
    return Path(root).resolve() if root else None


def _find(md: Markdown, path: str, *, post_link: bool) -> str | None:
    """The content-relative path of the file ``path`` names, or None.

    Relative paths are taken from the post's folder; root paths (``/images/x.png``) from
    the content folder, which is the site root. A post link that is not found beside the
    post is also tried from the content folder (Hugo's ``ref`` paths work that way).
    """
    root = _content_root(md)
    source = getattr(md, "source_path", None)
    if root is None or not source:
        return None
    clean = unquote(path)
    candidates = []
    if clean.startswith("/"):
        candidates.append(root / clean.lstrip("/"))
    else:
        candidates.append(Path(source).resolve().parent / clean)
        if post_link:
            candidates.append(root / clean)
    for candidate in candidates:
        try:
            resolved = Path(os.path.normpath(candidate))
            relative = resolved.relative_to(root)
        except ValueError:
            continue
        if resolved.is_file():
            return PurePosixPath(*relative.parts).as_posix()
    return None


def rewrite(md: Markdown, address: str, *, image: bool) -> tuple[str, str | None]:
    """The address to put in the page, and what is wrong with it (None when fine)."""
    address = address.strip()
    pelican = PELICAN_LINK.match(address)
    if pelican:
        what, target = pelican.groups()
        parts = urlsplit(target)
        if _find(md, parts.path, post_link=what == "filename") is None and parts.path:
            return address, f"{{{what}}}{parts.path} names no file under content/"
        return address, None
    if not address or EXTERNAL.match(address):
        return address, None
    parts = urlsplit(address)
    if not parts.path:
        return address, None
    post_link = PurePosixPath(parts.path).suffix.lower() in POST_SUFFIXES
    found = _find(md, parts.path, post_link=post_link)
    if found is None:
        if not image and not PurePosixPath(parts.path).suffix:
            return address, None  # a site address (/about/, ../quality/): see site_root_links
        return address, f"'{parts.path}' names no file under content/"
    what = "filename" if post_link else "static"
    return urlunsplit(("", "", f"{{{what}}}/{found}", parts.query, parts.fragment)), None


def resolve_link(md: Markdown, address: str) -> str:
    """For raw HTML this module writes itself (e.g. an embed's transcript link)."""
    rewritten, problem = rewrite(md, address, image=False)
    if problem:
        add_problem(md, f"link: {problem}", _fix(address, image=False), text=address)
    return rewritten


def _fix(address: str, *, image: bool) -> str:
    if image:
        return (
            "put the image under content/ (e.g. content/images/) and give its path from the "
            "post, e.g. ../images/figure.png, or from the site root, e.g. /images/figure.png"
        )
    return (
        "link the post's or file's source path as your editor shows it, e.g. "
        "[Other post](other-post.md) or [Handout](../files/handout.pdf)"
    )


class LinkTreeprocessor(Treeprocessor):
    """Rewrites and checks every ``a href`` and ``img src`` the Markdown produced."""

    def run(self, root) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value is None:
                continue
            image = element.tag == "img"
            rewritten, problem = rewrite(self.md, value, image=image)
            element.set(attribute, rewritten)
            if problem:
                kind = "image" if image else "link"
                add_problem(self.md, f"{kind}: {problem}", _fix(value, image=image), text=value)


ROOT_ADDRESS = re.compile(r"""(\s(?:href|src)=)(["'])/(?![/{])""")


def site_root_links(html: str, save_as: str, siteurl: str, relative: bool) -> str:
    """Root addresses (``href="/about/"``) made to work under a sub-path.

    A root address means "from the top of the site", but a GitHub project site lives at
    ``/repo/``. Local builds get a relative prefix from the page's own location; published
    builds get ``SITEURL``.
    """
    if '="/' not in html and "='/" not in html:
        return html
    if relative:
        depth = PurePosixPath(save_as).parent.as_posix().count("/") + 1
        prefix = "../" * depth if PurePosixPath(save_as).parent.as_posix() != "." else "./"
    else:
        prefix = siteurl.rstrip("/") + "/"
    return ROOT_ADDRESS.sub(lambda m: f"{m.group(1)}{m.group(2)}{prefix}", html)
