"""The fixture site the scholarly-consumer tests read (tests/fixtures/scholarly), built once."""

from __future__ import annotations

from pathlib import Path
import shutil

from conftest import Build, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "scholarly"
SITEURL = "https://blog.example.org/rounds"


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    return target


def build_fixture(tmp: Path, **settings) -> Build:
    content = copy_fixture(tmp / "content")
    return build_site(tmp / "output", content=content, siteurl=SITEURL, **settings)
