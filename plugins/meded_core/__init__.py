"""Shared plumbing for the site's plugins: content problems, front-matter fields, JSON-LD."""

from .fields import FieldSpec, declare_field, declared_fields
from .jsonld import contribute_jsonld, jsonld_script
from .problems import ContentProblemsError, Problem, collected_problems, report
from .register import register

__all__ = [
    "ContentProblemsError",
    "FieldSpec",
    "Problem",
    "collected_problems",
    "contribute_jsonld",
    "declare_field",
    "declared_fields",
    "jsonld_script",
    "register",
    "report",
]
