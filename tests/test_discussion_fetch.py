"""``make impact`` fetches the replies to a post's ``discussion:`` announcements from the
local fake Bluesky AppView and Mastodon server, keeps stored replies when an answer fails,
never follows a redirect to another host, and the built post shows the replies inert."""

from __future__ import annotations

import json

from conftest import build_site
from impact_support import run
from post_fixture import front, post_content, soup

from bench.fakeapi import FakeAPI, Fault

BSKY = "https://bsky.app/profile/ada.bsky.example/post/3kfixture1"
MASTO = "https://mastodon.example/@ada/112233445566"
POST = front(
    "Announced",
    "2025-03-01",
    f"discussion:\n  - {BSKY}\n  - {MASTO}\n  - https://example.org/not-a-post",
)
OLD_REPLY = {
    "id": "100",
    "handle": "@old@mastodon.example",
    "url": "https://mastodon.example/@old/100",
    "date": "2025-03-01T09:00:00Z",
    "html": "<p>Stored earlier</p>",
}


def _site(tmp_path, stored: dict | None = None):
    content = post_content(tmp_path / "content", {"posts/announced.md": POST})
    (content / "data").mkdir(exist_ok=True)
    if stored is not None:
        (content / "data/discussion.json").write_text(json.dumps(stored), encoding="utf-8")
    return content


def _summary(tmp_path, api, content, *args):
    summary = tmp_path / "summary.json"
    result = run(api, content, "--json", str(summary), *args)
    return result, json.loads(summary.read_text())["providers"]


def _data(content) -> dict:
    return json.loads((content / "data/discussion.json").read_text(encoding="utf-8"))


def test_make_impact_fetches_replies_and_the_post_shows_them(tmp_path):
    content = _site(tmp_path)
    with FakeAPI() as api:
        result, providers = _summary(tmp_path, api, content)
        assert result.code == 0
        paths = [s.path for s in api.requests("bluesky")]
        assert paths == [
            "/bluesky/xrpc/com.atproto.identity.resolveHandle",
            "/bluesky/xrpc/app.bsky.feed.getPostThread",
        ]
        assert "did%3Aplc%3Afixtureada" in api.requests("bluesky")[1].query
        assert [s.path for s in api.requests("mastodon")] == [
            "/mastodon/api/v1/statuses/112233445566/context"
        ]
    assert providers["bluesky"]["fetched"] == 1 and providers["bluesky"]["failed"] == 0
    assert providers["mastodon"]["fetched"] == 1 and providers["mastodon"]["failed"] == 0
    threads = _data(content)["threads"]
    assert set(threads) == {BSKY, MASTO}  # the address that is not a post is not asked
    bsky = threads[BSKY]
    assert bsky["network"] == "bluesky"
    assert [r["handle"] for r in bsky["replies"]] == ["@resident.bsky.example", "@ada.bsky.example"]
    assert bsky["replies"][0]["url"] == (
        "https://bsky.app/profile/resident.bsky.example/post/3kreplyres"
    )
    assert bsky["replies"][0]["date"] == "2025-03-02T09:30:00Z"
    masto = threads[MASTO]["replies"]
    assert [r["handle"] for r in masto] == ["@ben@mastodon.example", "@cleo@other.example"]
    assert masto[0]["id"] == "112233445599"

    build = build_site(tmp_path / "output", content=content, QUALITY_REQUIRED=[])
    section = soup(build, "posts/2025/announced/index.html").select_one("section.discussion")
    assert section.select_one(".discussion__summary").get_text() == (
        "4 replies on Bluesky and Mastodon"
    )
    html = str(section)
    assert "<script" not in html and "onclick" not in html and "onerror" not in html
    assert "&lt;script&gt;alert('bsky')&lt;/script&gt;" in html  # Bluesky text stays text
    assert "We teach this to our interns too." in html
    for link in section.select(".discussion__reply a"):
        assert {"nofollow", "ugc"} <= set(link["rel"]), link


def test_a_second_run_inside_the_day_asks_nothing_and_changes_nothing(tmp_path):
    content = _site(tmp_path)
    with FakeAPI() as api:
        run(api, content)
        before = (content / "data/discussion.json").read_bytes()
        api.reset_counts()
        result, providers = _summary(tmp_path, api, content)
        assert result.code == 0
        assert api.count("bluesky") == 0 and api.count("mastodon") == 0
    assert providers["mastodon"]["cached"] == 1 and providers["bluesky"]["cached"] == 1
    assert (content / "data/discussion.json").read_bytes() == before


def test_failed_or_malformed_answers_keep_the_stored_replies(tmp_path):
    stored = {
        "threads": {
            MASTO: {"network": "mastodon", "fetched": "2025-03-01", "replies": [OLD_REPLY]},
            BSKY: {"network": "bluesky", "fetched": "2025-03-01", "replies": []},
        }
    }
    content = _site(tmp_path, stored)
    faults = [Fault("mastodon", "500"), Fault("bluesky", "drift", match="getPostThread")]
    with FakeAPI(faults=faults) as api:
        result, providers = _summary(tmp_path, api, content, "--strict")
        assert api.count("mastodon") == 3  # retried, as the figures are
    assert result.code == 1  # --strict: something failed
    assert providers["mastodon"]["failed"] == 1 and providers["bluesky"]["failed"] == 1
    assert _data(content) == stored


def test_a_good_answer_adds_replies_and_keeps_the_stored_ones(tmp_path):
    stored = {
        "threads": {MASTO: {"network": "mastodon", "fetched": "2025-03-01", "replies": [OLD_REPLY]}}
    }
    content = _site(tmp_path, stored)
    with FakeAPI() as api:
        assert run(api, content).code == 0
    ids = [r["id"] for r in _data(content)["threads"][MASTO]["replies"]]
    assert ids == ["100", "112233445599", "112233445700"]  # oldest first, none lost


def test_a_redirect_to_another_host_is_not_followed(tmp_path):
    content = _site(tmp_path)
    with FakeAPI() as api:
        port = api.root.rsplit(":", 1)[1]
        api.faults.append(
            Fault("mastodon", "redirect", location=f"http://localhost:{port}{{path}}")
        )
        result, providers = _summary(tmp_path, api, content)
        assert [s.path for s in api.requests("mastodon")] == [
            "/mastodon/api/v1/statuses/112233445566/context"
        ]  # asked once, the redirect not followed (to localhost, another host)
    assert result.code == 0
    assert providers["mastodon"]["failed"] == 1
    assert MASTO not in _data(content)["threads"]
    assert BSKY in _data(content)["threads"]  # the other network is unaffected
