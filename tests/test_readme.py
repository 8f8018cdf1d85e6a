"""The README's front-matter reference: one table on GitHub, a row for every declared field."""

from __future__ import annotations

import re

from conftest import ROOT
import markdown
from meded_core import declared_fields
from meded_core.scaffold import scaffold_fields


def reference_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### Front-matter reference")
    return text[start : text.index("\n### ", start + 1)]


def test_the_front_matter_reference_is_one_table():
    section = reference_section()
    html = markdown.markdown(section, extensions=["tables"])
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert html.count("<table>") == 1
    assert html.count("<tr>") == len(rows) - 1  # every row but the |---| line
    assert "<!--" not in section[section.index("| field |") :]


def test_every_declared_field_has_a_row(monkeypatch):
    monkeypatch.chdir(ROOT)
    scaffold_fields()  # registers every plugin, and each declares its fields
    documented = set(re.findall(r"^\| `([a-z_]+)`", reference_section(), re.M))
    documented |= set(re.findall(r"^\| `[a-z_]+` / `([a-z_]+)`", reference_section(), re.M))
    assert len(declared_fields()) > 30
    missing = sorted(set(declared_fields()) - documented)
    assert missing == []
