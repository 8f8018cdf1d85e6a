"""Real-browser checks: Debian's chromium driven by Playwright, on the fixture blog served
from a project-pages sub-path on 127.0.0.1 (as GitHub Pages would serve it).

Other test modules use the `browser_site` and `browser` fixtures (re-exported by
tests/conftest.py) and the helpers below: `open_page`, `assert_no_horizontal_scroll`,
`axe_violations`.
"""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
from dataclasses import dataclass, field
import functools
import http.server
from pathlib import Path
import socket
import threading

from conftest import build_site
from external_tools import axe_script, chromium_path
import pytest

SUBPATH = "/teaching-rounds"
PHONE = {"width": 320, "height": 640}
PHONE_390 = {"width": 390, "height": 844}  # a current mid-size phone
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class ServedSite:
    root: str  # http://127.0.0.1:PORT/teaching-rounds
    output: Path
    requests: list[str] = field(default_factory=list)


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves output/ under SUBPATH only; anything else is a 404, like a project page."""

    def translate_path(self, path):
        if not path.startswith(SUBPATH + "/") and path != SUBPATH:
            return str(Path(self.directory) / "__outside_subpath__")
        return super().translate_path(path[len(SUBPATH) :] or "/")

    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served_site(build) -> Iterator[ServedSite]:
    """Build a site with ``build(output, root)`` and serve it under SUBPATH on 127.0.0.1."""
    port = _free_port()
    root = f"http://127.0.0.1:{port}{SUBPATH}"
    output = build(root)
    handler = functools.partial(_SubPathHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(root=root, output=output)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory) -> Iterator[ServedSite]:
    output = tmp_path_factory.mktemp("browser") / "output"

    def build(root: str) -> Path:
        build_site(output, siteurl=root, pagefind=True)
        return output

    with served_site(build) as site:
        yield site


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class OpenedPage:
    page: object
    console_errors: list[str]
    failed_requests: list[str]


def open_page(browser, url: str, viewport: dict, *, media: str | None = None) -> OpenedPage:
    """Open ``url`` in a fresh context, recording console errors and failed requests.

    Third-party hosts (badge scripts) are blocked: the machine has no internet and the
    pages must work without them.
    """
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    failed: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
        ),
    )
    if media:
        page.emulate_media(media=media)
    page.goto(url, wait_until="load")
    local_failures = [u for u in failed if u.startswith("http://127.0.0.1")]
    # Blocked third-party requests show up as console errors; keep only our own.
    own_errors = [e for e in errors if "net::ERR_FAILED" not in e and "ERR_BLOCKED" not in e]
    return OpenedPage(page=page, console_errors=own_errors, failed_requests=local_failures)


@contextlib.contextmanager
def opened_page(browser, url: str, viewport: dict, *, media: str | None = None):
    """:func:`open_page` as a context manager that always closes the browser context."""
    opened = open_page(browser, url, viewport, media=media)
    try:
        yield opened
    finally:
        opened.page.context.close()


def assert_loads_cleanly(opened: OpenedPage) -> None:
    """No console errors, no failed requests to our server, no sideways scroll."""
    assert opened.console_errors == []
    assert opened.failed_requests == []
    assert horizontal_overflow(opened.page) <= 0


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = no sideways scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    page.add_script_tag(content=axe_script())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:3]
        )
        for v in result["violations"]
        if v.get("impact") in impacts
    ]
