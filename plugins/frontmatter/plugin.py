"""Markdown reader that accepts YAML or Pelican front matter and reports mistakes clearly.

Why a reader of our own: Pelican's Markdown reader only knows ``Key: value`` headers, turns
every value into a string and, on a bad file, logs "Could not process" without saying what
is wrong. Educators paste Jekyll/Hugo/Quarto YAML, need nested fields (review records,
ratings) and must be told which line to fix. A post with a fatal mistake (unreadable header,
no title, no date) is skipped with a problem report; the rest of the site still builds.
"""

from __future__ import annotations

import difflib
import logging
from pathlib import Path
from typing import Any

from markdown import Markdown
from meded_core import Problem, declared_fields, fields
from meded_core.fields import check_kind
from meded_core.people import IDENTITIES_KEY
from meded_core.problems import display_path
from meded_core.publication import STATUSES, status_from_front_matter
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import slugify

from .migrate import migrate
from .parsing import as_text, first_undecodable_line, split_front_matter

logger = logging.getLogger(__name__)

__all__ = ["FrontMatterMarkdownReader", "register"]

META_EXTENSION = "markdown.extensions.meta"
SKIP = {"status": "skip"}


class FrontMatterMarkdownReader(MarkdownReader):
    """Read Markdown files with YAML, TOML or ``Key: value`` headers.

    Upper-case extensions (``.MD``, ``.Markdown``) are read too: files saved on Windows or
    macOS often have them, and Pelican matches extensions case-sensitively. Quarto's
    ``.qmd`` posts are Markdown with a YAML header, so they are read as well.
    """

    file_extensions = sorted(
        {
            spelling
            for ext in [*MarkdownReader.file_extensions, "qmd"]
            for spelling in (ext, ext.upper(), ext.capitalize())
        }
    )

    def _markdown(self) -> Markdown:
        config = dict(self.settings["MARKDOWN"])
        config["extensions"] = [e for e in config.get("extensions", []) if e != META_EXTENSION]
        config["extension_configs"] = {
            k: v for k, v in config.get("extension_configs", {}).items() if k != META_EXTENSION
        }
        return Markdown(**config)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        problems: list[Problem] = []

        def problem(message: str, fix: str, line: int | None, field: str | None = None) -> None:
            problems.append(Problem(source_path, message, fix, line=line, field=field))

        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            line, column = first_undecodable_line(raw)
            problem(
                f"the file is not UTF-8 text (first unreadable byte at column {column}); the post was skipped",
                "save the file as UTF-8 in your editor, e.g. 'Save with Encoding > UTF-8'",
                line,
            )
            return "", {**SKIP, "content_problems": problems}

        front = split_front_matter(text)
        if front.error:
            problem(
                f"{front.error}; the post was skipped",
                "check the indentation and quoting of that line; values containing ': ' need quotes",
                front.error_line,
            )
            return "", {**SKIP, "content_problems": problems}

        migration = migrate(
            front,
            source_path,
            date_fields={n for n, spec in declared_fields().items() if spec.kind == fields.DATE},
            slugify=self._slugify,
            content_root=self.settings.get("PATH"),
        )
        problems.extend(migration.problems)
        for note in migration.notes:
            logger.info("%s: %s", source_path, note)

        md = self._markdown()
        # Extensions (citations) read the post's front matter and may hand back metadata
        # and problems; both travel in the cached reader output.
        md.source_path = source_path
        md.front_matter_lines = front.lines
        md.body_line = front.body_line
        md.extra_metadata = {}
        md.content_problems = []
        content = md.convert(front.body)

        metadata = self._metadata(source_path, front, problems)
        metadata.update(md.extra_metadata)
        self._read_publication_status(source_path, front, metadata, problems)
        problems.extend(md.content_problems)
        metadata["front_matter_lines"] = dict(front.lines)
        if migration.identities:
            metadata[IDENTITIES_KEY] = migration.identities

        if not str(metadata.get("title", "")).strip():
            problem(
                "the post has no title; it was skipped",
                "add a line 'title: Your title' to the front matter",
                1,
                "title",
            )
            metadata.update(SKIP)
        elif not metadata.get("date") and not self._is_page(source_path):
            problem(
                "the post has no date; it was skipped",
                "add a line 'date: YYYY-MM-DD' to the front matter",
                front.lines.get("date", 1),
                "date",
            )
            metadata.update(SKIP)
        if problems:
            metadata["content_problems"] = problems
        return content, metadata

    def _slugify(self, text: str) -> str:
        return slugify(
            text,
            regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            preserve_case=self.settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=self.settings.get("SLUGIFY_USE_UNICODE", False),
        )

    def _read_publication_status(self, source_path, front, metadata, problems) -> None:
        """Hugo/Quarto ``draft``, Jekyll ``published`` and ``hidden`` decide ``status`` too.

        An unknown status (``private``, a typo) withholds the post as a draft: Pelican
        would stop a strict build with a traceback, and the author clearly did not mean
        "publish".
        """
        status, note = status_from_front_matter(front.values)
        if status:
            metadata["status"] = status
        if note:
            logger.info("%s: %s", display_path(source_path), note)
        given = str(metadata.get("status") or "published").strip().lower()
        if given not in STATUSES:
            problems.append(
                Problem(
                    source_path,
                    f"unknown status {given!r}; the post is kept as a draft",
                    "use status: published, draft or hidden",
                    line=front.lines.get("status"),
                    field="status",
                )
            )
            metadata["status"] = "draft"

    def _is_page(self, source_path: str) -> bool:
        """Pages (About, criteria) need no date; posts do."""
        root = Path(self.settings["PATH"]).resolve()
        try:
            relative = Path(source_path).resolve().relative_to(root)
        except ValueError:
            return False
        page_roots = [Path(p) for p in self.settings.get("PAGE_PATHS", [])]
        return any(relative.is_relative_to(page_root) for page_root in page_roots)

    def _metadata(self, source_path, front, problems) -> dict[str, Any]:
        known = declared_fields()
        formatted = {f.lower() for f in self.settings["FORMATTED_FIELDS"]}
        metadata: dict[str, Any] = {}

        def problem(key: str, message: str, fix: str) -> None:
            problems.append(
                Problem(source_path, message, fix, line=front.lines.get(key), field=key)
            )

        for key, value in front.values.items():
            spec = known.get(key)
            if spec is None:
                close = difflib.get_close_matches(key, list(known), n=1)
                problem(
                    key,
                    f"unknown front-matter field '{key}'",
                    f"did you mean '{close[0]}'?"
                    if close
                    else "see the front-matter table in README.md",
                )
                metadata[key] = value
                continue
            error = check_kind(spec, value)
            if error:
                example = f"write it like: {key}: {spec.example}" if spec.example else spec.help
                problem(key, f"{error}; the field was ignored", example)
                continue
            try:
                metadata[key] = self._process(key, value, formatted)
            except (ValueError, TypeError, OverflowError) as exc:
                hint = "use YYYY-MM-DD, e.g. 2024-05-01" if spec.kind == fields.DATE else spec.help
                problem(key, f"cannot read {value!r}: {exc}; the field was ignored", hint)
        return metadata

    def _process(self, key: str, value: Any, formatted: set[str]) -> Any:
        if key in formatted:
            md = self._markdown()
            return self.process_metadata(key, md.convert(as_text(value)))
        if key in {"tags", "authors"}:
            items = value if isinstance(value, list) else as_text(value)
            if isinstance(items, list):
                items = [as_text(item) for item in items]
            return self.process_metadata(key, items)
        if key in {"date", "modified", "title", "category", "author", "slug", "status", "lang"}:
            return self.process_metadata(key, as_text(value))
        return value


def add_reader(readers) -> None:
    for extension in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterMarkdownReader


def register() -> None:
    signals.readers_init.connect(add_reader)
