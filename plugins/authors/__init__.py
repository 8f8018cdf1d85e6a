"""Authors and their handles: one registry (content/authors.yml), credited everywhere.

Importing the plugin makes it the producer of "the people of the site"
(:mod:`meded_core.people`), which other plugins and ``make impact`` read.
"""

from meded_core.people import provide_people

from .plugin import register
from .registry import registry_for

provide_people(registry_for)

__all__ = ["register"]
