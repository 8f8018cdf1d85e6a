"""Where a cold build spends its time: one extra build under pyinstrument (not timed).

pyinstrument samples whole call stacks, so each moment of the build is counted once, for
whoever is responsible for it, read two ways:

- By plugin: a moment belongs to the innermost plugin on the stack, with the libraries it
  calls (citeproc's time is the citations plugin's, Pillow's the social cards'), unless
  Markdown, Jinja or Pelican itself is further in (a plugin that runs Pelican's writer
  does not own the template rendering; a template calling a plugin's filter does not own
  the filter). Plugin folders come from the file names, so renamed modules need no change
  here.
- By file, own time (what each library or plugin itself executes).
"""

from __future__ import annotations

from collections import defaultdict
import os
from pathlib import Path

# Steps worth a line of their own: (label, plugin folder, file name, function).
STEPS = (
    ("social cards (hero_image: drawing and writing the PNGs)", "hero_image", "social_card.py", "write_card"),
)  # fmt: skip
MARKDOWN, TEMPLATES, PELICAN = "Markdown", "Jinja2 and the theme's templates", "Pelican"
START = "start-up and the rest (imports, settings, other libraries)"
OWNERS = (  # libraries that are owners in their own right: (substring of a file name, label)
    (f"{os.sep}markdown{os.sep}", MARKDOWN),
    (f"{os.sep}jinja2{os.sep}", TEMPLATES),
    (f"{os.sep}theme{os.sep}templates{os.sep}", TEMPLATES),
    (f"{os.sep}pelican{os.sep}", PELICAN),
)
PARTS = (  # own time: (substring of a file name, label), first match wins
    ("citeproc", "citeproc-py (called by citations)"),
    (f"{os.sep}theme{os.sep}templates{os.sep}", "theme templates (Jinja code)"),
    (f"{os.sep}markdown{os.sep}", "Markdown"),
    (f"{os.sep}jinja2{os.sep}", "Jinja2 runtime"),
    (f"{os.sep}pelican{os.sep}", "Pelican"),
    (f"{os.sep}yaml{os.sep}", "PyYAML"),
    (f"{os.sep}PIL{os.sep}", "Pillow"),
    ("subprocess", "waiting for subprocesses (Pagefind, formatting worker)"),
    ("selectors", "waiting for subprocesses (Pagefind, formatting worker)"),
)


def _plugin(filename: str, plugins_dir: str) -> str | None:
    if not filename.startswith(plugins_dir):
        return None
    return filename[len(plugins_dir) :].split(os.sep)[0]


def _owner(filename: str, plugins_dir: str, outer: str) -> str:
    plugin = _plugin(filename, plugins_dir)
    if plugin is not None:
        return f"plugin {plugin}"
    return next((label for needle, label in OWNERS if needle in filename), outer)


def _part(filename: str, plugins_dir: str) -> str:
    plugin = _plugin(filename, plugins_dir)
    if plugin is not None:
        return f"plugin {plugin}"
    return next((label for needle, label in PARTS if needle in filename), "other libraries")


def _by_time(totals: dict[str, float]) -> dict[str, float]:
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def read_profile(session_file: Path, plugins_dir: str) -> tuple[dict[str, float], dict[str, float]]:
    """(seconds by owner, with the steps of :data:`STEPS`; own seconds by file kind) of a
    saved pyinstrument session."""
    from pyinstrument.session import Session

    root = Session.load(str(session_file)).root_frame()
    owners: dict[str, float] = defaultdict(float)
    own: dict[str, float] = defaultdict(float)
    steps: dict[str, float] = {}
    pending = [(root, START, "")] if root is not None else []
    while pending:
        frame, outer, outer_path = pending.pop()
        path = frame.file_path or outer_path  # a "[self]" leaf is its parent's own time
        owner = _owner(path, plugins_dir, outer)
        self_time = max(0.0, frame.time - sum(child.time for child in frame.children))
        owners[owner] += self_time
        own[_part(path, plugins_dir)] += self_time
        for label, folder, file_name, function in STEPS:
            if (_plugin(path, plugins_dir), Path(path).name, frame.function) == (
                folder,
                file_name,
                function,
            ):
                steps[label] = steps.get(label, 0.0) + frame.time
        pending.extend((child, owner, path) for child in frame.children)
    return {**_by_time(owners), **steps}, _by_time(own)
