"""Checkers that are not Python packages: Debian's chromium, Java (for the Nu Html Checker)
and npm packages (vnu-jar, axe-core, citation-js) installed into tests/tools/node_modules.

`.ci/run` installs them and sets REQUIRE_TOOLS=1, so in CI a missing tool FAILS the test.
On a developer machine without them the test is skipped with the command that installs
them, so `make test` still works with nothing but Python.
"""

from __future__ import annotations

import os
from pathlib import Path
import shutil

import pytest

TOOLS = Path(__file__).resolve().parent / "tools" / "node_modules"
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
INSTALL_HINT = (
    "apt-get install chromium default-jre-headless nodejs npm && npm ci --prefix tests/tools"
)


def _missing(what: str):
    message = f"{what} is not installed ({INSTALL_HINT})"
    if os.environ.get("REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


def chromium_path() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    _missing("Debian's chromium")
    raise AssertionError("unreachable")


def vnu_command() -> list[str]:
    jar = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if not jar.exists() or not java:
        _missing("the Nu Html Checker (java + npm vnu-jar)")
    return [java, "-Xss1024k", "-jar", str(jar)]


def axe_script() -> str:
    script = TOOLS / "axe-core" / "axe.min.js"
    if not script.exists():
        _missing("axe-core (npm)")
    return script.read_text(encoding="utf-8")


def citation_js_command() -> list[str]:
    """``node tests/tools/read_citations.mjs FILE`` prints a BibTeX/RIS/CSL file as citation-js reads it."""
    node = shutil.which("node")
    if not node or not (TOOLS / "@citation-js" / "core").exists():
        _missing("citation-js (node + npm @citation-js/*)")
    return [node, str(TOOLS.parent / "read_citations.mjs")]


def commonmeta_python() -> str:
    """The Python of tests/tools/commonmeta-venv (``make test-tools``), which has commonmeta-py."""
    python = TOOLS.parent / "commonmeta-venv" / "bin" / "python"
    if not python.exists() or not shutil.which("openssl"):
        _missing("commonmeta-py (make test-tools) and openssl")
    return str(python)
