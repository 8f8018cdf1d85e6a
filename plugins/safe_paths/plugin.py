"""Keep a build's reads inside ``content/`` and its writes inside ``output/``.

Pelican publishes what a post asks for: ``save_as: ../../x.html`` writes beside the
project (or stops the build with Pelican's own error), a ``slug`` with ``../`` does the
same through the URL pattern, ``template: ../../x`` reaches outside the theme, and
symlinks in ``content/`` are followed, so a link to ``/etc`` is copied into the site.
Each of these is refused here with a content problem (file, line, field, how to fix),
and the post is published at its default place with its default template.

Signals: ``initialized`` finds symlinks in ``content/`` and excludes linked folders from
every generator; ``generator_init`` makes generators skip linked files;
``content_object_init`` checks each post's and page's output fields and its ``lang``
(language.py), before any plugin asks for the post's URL.
"""

from __future__ import annotations

import os
from pathlib import Path

from meded_core import Problem, report
from meded_core.paths import inside, output_path_problem, symlinks_under
from pelican import signals
from pelican.utils import slugify

from .language import check_lang

EXCLUDE_SETTINGS = ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES")


def _refuse_symlinks(pelican) -> None:
    settings = pelican.settings
    root = Path(settings["PATH"])
    for link in symlinks_under(root):
        relative = link.relative_to(root).as_posix()
        report(
            Problem(
                str(link),
                "is a symbolic link; linked files and folders are not published",
                "copy the file or folder into content/ instead of linking to it",
            )
        )
        if link.is_dir():
            for name in EXCLUDE_SETTINGS:
                settings[name] = [*settings.get(name, []), relative]


def _skip_linked_files(generator) -> None:
    root = generator.path
    include = generator._include_path

    def include_path(path, extensions=None):
        full = os.path.join(root, path)
        if os.path.islink(full) or not inside(root, full):
            return False
        return include(path, extensions)

    generator._include_path = include_path


def _line(content, field: str) -> int | None:
    return (content.metadata.get("front_matter_lines") or {}).get(field)


def _check_content(content) -> None:
    kind = content.__class__.__name__
    if kind not in {"Article", "Page", "Draft"}:
        return
    source = getattr(content, "source_path", "") or ""
    check_lang(content, _line(content, "lang"))  # a bad lang would move the post's URL
    for field in ("save_as", "url"):
        value = getattr(content, f"override_{field}", None)
        if value is None:
            continue
        why = output_path_problem(value)
        if why:
            report(
                Problem(
                    source,
                    f"'{value}' {why}; the post is published at its default address",
                    f"write a path inside the site such as posts/my-post/ or remove {field}",
                    line=_line(content, field),
                    field=field,
                )
            )
            delattr(content, f"override_{field}")
    slug = getattr(content, "slug", None)
    if slug is not None and output_path_problem(f"x/{slug}/x"):
        safe = slugify(str(slug).replace("..", " ").replace("/", " ").replace("\\", " "))
        report(
            Problem(
                source,
                f"'{slug}' is not a URL name (it contains / or ..); '{safe}' is used",
                "use letters, digits and hyphens only",
                line=_line(content, "slug"),
                field="slug",
            )
        )
        content.slug = safe
    _check_template(content, source)


def _check_template(content, source: str) -> None:
    name = str(getattr(content, "template", "") or "")
    default = "article" if content.__class__.__name__ in {"Article", "Draft"} else "page"
    if name == default:
        return
    folder = Path(content.settings["THEME"]) / "templates"
    candidate = folder / f"{name}.html"
    if not output_path_problem(name) and inside(folder, candidate) and candidate.is_file():
        return
    known = sorted(p.stem for p in folder.glob("*.html"))
    report(
        Problem(
            source,
            f"'{name}' is not a template of the theme; the default '{default}' is used",
            "name one of: " + ", ".join(known) + " (without .html), or remove template",
            line=_line(content, "template"),
            field="template",
        )
    )
    content.template = default


def register() -> None:
    signals.initialized.connect(_refuse_symlinks)
    signals.generator_init.connect(_skip_linked_files)
    signals.content_object_init.connect(_check_content)
