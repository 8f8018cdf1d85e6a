"""The five providers, by name, in the order summaries list them."""

from __future__ import annotations

from .altmetric import Altmetric
from .base import FAILED, FOUND, FRESH, NOT_FOUND, Outcome, Provider, ShapeError
from .crossref import Crossref
from .europepmc import EuropePMC
from .icite import ICite
from .openalex import OpenAlex

PROVIDER_CLASSES: dict[str, type[Provider]] = {
    "altmetric": Altmetric,
    "crossref": Crossref,
    "openalex": OpenAlex,
    "icite": ICite,
    "europepmc": EuropePMC,
}

__all__ = [
    "FAILED",
    "FOUND",
    "FRESH",
    "NOT_FOUND",
    "PROVIDER_CLASSES",
    "Outcome",
    "Provider",
    "ShapeError",
]
