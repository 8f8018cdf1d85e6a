"""Registry names that look the same on the page are one name: a second entry spelled with
a Cyrillic letter, a zero-width space or full-width letters is refused as a duplicate."""

from __future__ import annotations

from authors.registry import parse_registry
from meded_core.lookalike import lookalike_key
import pytest

IMPOSTORS = [
    "M\u0430ya Okafor",  # Cyrillic small a
    "Maya\u200b Okafor",  # zero-width space
    "Ma\u200dya Okafor",  # zero-width joiner inside the word
    "\uff2daya Okafor",  # full-width M
    "Maya Okaf\u03bfr",  # Greek omicron
    "\u041c\u0430\u0443\u0430 Okafor",  # Cyrillic capitals and small letters
    "MAYA  okafor",
]


@pytest.mark.parametrize("impostor", IMPOSTORS)
def test_a_lookalike_name_is_a_duplicate_with_its_line(impostor):
    text = f'maya-okafor:\n  name: Maya Okafor\nimpostor:\n  name: "{impostor}"\n'
    registry = parse_registry(text, "authors.yml")
    assert registry.get("impostor") is None
    [problem] = [p for p in registry.problems if "already registered as 'maya-okafor'" in p.message]
    assert problem.line == 4 and problem.field == "name"


def test_different_people_stay_different():
    names = ["Maya Okafor", "Maya Okafo", "José Okafor", "Анна Иванова", "Anna Ivanova Smith"]
    assert len({lookalike_key(n) for n in names}) == len(names)
    text = "".join(f"p{i}:\n  name: {n}\n" for i, n in enumerate(names))
    assert len(parse_registry(text, "authors.yml")) == len(names)
