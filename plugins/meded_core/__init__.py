"""Shared plumbing for the site's plugins: content problems, front-matter fields, JSON-LD."""

from .contents import OutputGenerator
from .feed_appendix import contribute_feed_section, feed_sections_html
from .fields import FieldSpec, declare_field, declared_fields
from .jsonld import contribute_jsonld, contribute_webpage_jsonld, jsonld_script
from .plugin import register
from .problems import ContentProblemsError, Problem, collected_problems, report

__all__ = [
    "ContentProblemsError",
    "FieldSpec",
    "OutputGenerator",
    "Problem",
    "collected_problems",
    "contribute_feed_section",
    "contribute_jsonld",
    "contribute_webpage_jsonld",
    "declare_field",
    "declared_fields",
    "feed_sections_html",
    "jsonld_script",
    "register",
    "report",
]
