"""In a real browser: a page open from `make devserver` shows an edit without a refresh."""

from __future__ import annotations

from browser import DESKTOP, opened_page
from test_devserver import devserver  # noqa: F401 - the running devserver fixture


def test_open_page_reloads_itself_after_an_edit(browser, devserver):  # noqa: F811
    _process, base, tmp_path = devserver
    with opened_page(browser, f"{base}/posts/2024/published/", DESKTOP) as opened:
        page = opened.page
        assert "An edit seen without pressing refresh" not in page.inner_text("main")
        post = tmp_path / "content" / "posts" / "published.md"
        post.write_text(post.read_text() + "\nAn edit seen without pressing refresh.\n")
        page.wait_for_function(
            "document.body.innerText.includes('An edit seen without pressing refresh')",
            timeout=180_000,
        )
        assert opened.console_errors == []
