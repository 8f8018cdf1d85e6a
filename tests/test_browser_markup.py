"""Embeds, math and footnotes in a real browser on a 390 px phone: nothing overflows,
players keep their shape, and axe finds no serious accessibility problem."""

from __future__ import annotations

import functools
import http.server
import threading

from browser import axe_violations, horizontal_overflow, opened_page
import pytest
from test_markup import build_markup_site

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def served_markup(tmp_path_factory):
    markup_site = build_markup_site(tmp_path_factory.mktemp("markup-browser"))
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(markup_site.output)
    )
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("slug", ["media", "math", "notes"])
def test_content_fits_a_390px_phone_and_passes_axe(browser, served_markup, slug):
    url = f"{served_markup}/posts/2024/{slug}/index.html"
    with opened_page(browser, url, PHONE_390) as opened:
        page = opened.page
        assert horizontal_overflow(page) <= 0
        assert axe_violations(page) == []
        if slug == "media":
            boxes = page.eval_on_selector_all(
                ".embed iframe",
                "frames => frames.map(f => [f.getBoundingClientRect().width,"
                " f.getBoundingClientRect().height, f.closest('figure').className])",
            )
            assert len(boxes) == 5
            for width, height, kind in boxes:
                assert 0 < width <= 390
                if "embed-video" in kind:
                    assert abs(height - width * 9 / 16) < 2  # 16:9 at any width
                else:
                    assert height in (152, 352)
