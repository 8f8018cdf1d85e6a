"""Markdown for content brought from other tools: links, images, math, media, footnotes.

Also makes code blocks keyboard-scrollable (``codeblocks``).

Data flow: ``initialized`` adds one Markdown extension (its processors live in their own
modules: ``shortcodes``, ``embeds``, ``links``, ``math``, ``footnotes``); the front-matter
reader runs it on every post and stores the problems it finds with the post. After the
posts are read, files in the post folders that no reader reads (``notes.txt``) are reported,
since Pelican would skip them silently.
"""

from __future__ import annotations

from functools import lru_cache
import mimetypes
import os
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension
from meded_core import Problem, report
from pelican import signals

from .codeblocks import register_code_blocks
from .embeds import EmbedPreprocessor
from .footnotes import register_footnotes
from .links import POST_SUFFIXES, LinkTreeprocessor, resolve_link, site_root_links
from .math import register_math
from .shortcodes import QuartoCellPreprocessor, ShortcodePreprocessor
from .source import register_source_recorder

# Files that may sit beside posts without being posts: media, documents, data, citations.
ASSET_SUFFIXES = {
    ".bib", ".json", ".yaml", ".yml", ".csl", ".csv", ".tsv", ".ris", ".xml", ".svg",
    ".pdf", ".docx", ".pptx", ".xlsx", ".zip", ".ipynb",
}  # fmt: skip


class MarkupExtension(Extension):
    """Registers every processor of this plugin on one Markdown instance."""

    def __init__(self, content_root: str = "", **kwargs):
        self.content_root = content_root
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.markup_content_root = self.content_root
        register_source_recorder(md)
        root = self.content_root
        md.preprocessors.register(QuartoCellPreprocessor(md), "quarto_cells", 27)
        md.preprocessors.register(
            ShortcodePreprocessor(md, lambda name: _jekyll_post(root, name)), "shortcodes", 23
        )
        md.preprocessors.register(EmbedPreprocessor(md, resolve_link), "embeds", 22)
        md.treeprocessors.register(LinkTreeprocessor(md), "portable_links", 12)
        register_math(md)
        register_footnotes(md)
        register_code_blocks(md)

    def reset(self) -> None:
        pass


@lru_cache(maxsize=64)
def _post_index(root: str) -> dict[str, str]:
    """Post file stems (and page-bundle folder names) -> content-relative paths."""
    index: dict[str, str] = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            if path.suffix.lower() not in POST_SUFFIXES:
                continue
            relative = path.relative_to(root).as_posix()
            stem = path.parent.name if path.stem.lower() == "index" else path.stem
            index.setdefault(stem, relative)
    return index


def _jekyll_post(root: str, name: str) -> str | None:
    """Jekyll's ``{% post_url 2024-03-05-my-post %}`` names a post by its file stem."""
    if not root:
        return None
    return _post_index(str(Path(root).resolve())).get(name.strip().rsplit("/", 1)[-1])


def _initialized(pelican) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    extensions[:] = [e for e in extensions if not isinstance(e, MarkupExtension)]
    extensions.append(MarkupExtension(content_root=str(pelican.settings.get("PATH") or "")))
    _post_index.cache_clear()


def unread_files(settings, reader_extensions) -> list[Problem]:
    """Files in the post folders that are neither read as posts nor known assets."""
    root = Path(settings["PATH"])
    problems = []
    readable = {f".{ext}" for ext in reader_extensions}
    for folder in settings.get("ARTICLE_PATHS", []):
        base = root / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            suffix = path.suffix
            if not path.is_file() or path.name.startswith(".") or suffix in readable:
                continue
            kind = (mimetypes.guess_type(path.name)[0] or "").split("/")[0]
            if suffix.lower() in ASSET_SUFFIXES or kind in {"image", "audio", "video"}:
                continue
            fix = (
                f"rename it to {path.stem}.md to publish it as a post"
                if suffix.lower() in {".txt", ".text", ".mdx", ".rmd"} or not suffix
                else f"convert it to Markdown ({path.stem}.md), or move it out of {folder}/"
            )
            problems.append(
                Problem(str(path), "this file in the posts folder is not read as a post", fix)
            )
    return problems


def _report_unread(generator) -> None:
    report(*unread_files(generator.settings, generator.readers.extensions))


def _root_links(content) -> None:
    """Root addresses in a post or page body work under a GitHub project sub-path too."""
    if content.__class__.__name__ not in {"Article", "Page"} or not content._content:
        return
    settings = content.settings
    content._content = site_root_links(
        content._content,
        getattr(content, "save_as", "") or "",
        settings.get("SITEURL") or "",
        bool(settings.get("RELATIVE_URLS")),
    )


def register() -> None:
    signals.initialized.connect(_initialized)
    signals.content_object_init.connect(_root_links)
    signals.article_generator_finalized.connect(_report_unread)
