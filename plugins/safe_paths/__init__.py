"""Nothing outside content/ (and the theme) is read for publishing, nothing outside output/
is written: traversing output paths, templates and symlinks are content problems."""

from .plugin import register

__all__ = ["register"]
