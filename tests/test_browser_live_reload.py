"""In a real browser: a page open from `make devserver` shows an edit without a refresh."""

from __future__ import annotations

from browser import DESKTOP, opened_page
from test_devserver import devserver, edit_until  # noqa: F401 - the running devserver fixture


def _shows(page, text: str) -> bool:
    try:
        return text in page.inner_text("main", timeout=2000)
    except Exception:  # the page is reloading: ask again
        return False


def test_open_page_reloads_itself_after_an_edit(browser, devserver):  # noqa: F811
    _process, base, tmp_path = devserver
    with opened_page(browser, f"{base}/posts/2024/published/", DESKTOP) as opened:
        page = opened.page
        assert "An edit seen without pressing refresh" not in page.inner_text("main")
        post = tmp_path / "content" / "posts" / "published.md"
        edit_until(
            post,
            "\nAn edit seen without pressing refresh.\n",
            lambda: _shows(page, "An edit seen without pressing refresh"),
        )
        assert "An edit seen without pressing refresh" in page.inner_text("main")
        assert opened.console_errors == []
