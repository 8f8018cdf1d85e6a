"""Reading time, previous/next post and related posts (shared cited works rank first)."""

from __future__ import annotations

from post_fixture import post_site, soup
from reading.reading_time import reading_minutes, word_count


def post(title, date, tags, body):
    return (
        f"---\ntitle: {title}\ndate: {date}\nauthors: [ada-fixture]\ntags: [{tags}]\n---\n{body}\n"
    )


POSTS = {
    # cites alpha and beta; topic "feeds"
    "posts/base.md": post("Base", "2025-03-01", "feeds", "Evidence [@alpha2020; @beta2021]."),
    # shares both works, no topic
    "posts/both.md": post("Both works", "2025-01-01", "other", "See [@alpha2020; @beta2021]."),
    # shares one work and the topic
    "posts/one.md": post("One work", "2025-02-01", "feeds", "See [@alpha2020]."),
    # shares only the topic, newest
    "posts/topic.md": post("Topic only", "2025-04-01", "feeds", "See [@gamma2022]."),
    # shares nothing
    "posts/none.md": post("Unrelated", "2025-05-01", "elsewhere", "Nothing cited."),
}


def test_related_posts_rank_shared_evidence_before_topics(tmp_path):
    build = post_site(tmp_path, POSTS)
    page = soup(build, "posts/2025/base/index.html")
    items = page.select("section.related-posts li")
    assert [li.a.get_text() for li in items] == ["Both works", "One work", "Topic only"]
    assert "cites 2 of the same works" in items[0].get_text()
    assert "cites 1 of the same work; 1 shared topic" in items[1].get_text()
    unrelated = soup(build, "posts/2025/none/index.html")
    assert unrelated.select_one("section.related-posts") is None


def test_related_posts_can_be_limited_or_turned_off(tmp_path):
    build = post_site(tmp_path, POSTS, RELATED_POSTS_MAX=1)
    items = soup(build, "posts/2025/base/index.html").select("section.related-posts li")
    assert [li.a.get_text() for li in items] == ["Both works"]
    build = post_site(tmp_path / "off", POSTS, RELATED_POSTS_MAX=0)
    assert soup(build, "posts/2025/base/index.html").select_one(".related-posts") is None


def test_previous_and_next_post_follow_publication_order(tmp_path):
    build = post_site(tmp_path, POSTS)
    nav = soup(build, "posts/2025/base/index.html").select_one(
        'nav[aria-label="Previous and next post"]'
    )
    assert nav.select_one(".post-nav__prev a").get_text() == "One work"
    assert nav.select_one(".post-nav__next a").get_text() == "Topic only"
    oldest = soup(build, "posts/2025/both/index.html").select_one("nav.post-nav")
    assert oldest.select_one(".post-nav__prev") is None
    newest = soup(build, "posts/2025/none/index.html").select_one("nav.post-nav")
    assert newest.select_one(".post-nav__next") is None


def test_reading_time_counts_the_body_prose(tmp_path):
    words = " ".join(["word"] * 700)
    build = post_site(
        tmp_path,
        {
            "posts/long.md": post("Long", "2025-01-01", "x", words + "\n\n```\n" + words + "\n```"),
            "posts/short.md": post("Short", "2025-01-02", "x", "Two words."),
        },
    )
    meta = soup(build, "posts/2025/long/index.html").select_one(".post-meta__reading")
    assert meta.get_text() == "3 min read"  # 700 words at 238 a minute; the code is not read
    assert (
        soup(build, "posts/2025/short/index.html").select_one(".post-meta__reading").get_text()
        == "1 min read"
    )


def test_word_count_ignores_markup_and_keeps_contractions():
    assert word_count("<p>It\u2019s a <em>well-known</em> fact.</p><pre>x y z</pre>") == 4
    assert reading_minutes("<p>" + "w " * 239 + "</p>") == 2


def test_related_posts_match_the_ranking_by_definition_on_a_large_random_blog():
    """The fast path (only posts sharing works are ranked when there are enough of them)
    gives exactly the ranking its definition does: shared works, shared topics, newer first."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from meded_core.shared import CitedWork, cited_works, set_cited_works
    from reading.related import related_posts

    rng = random.Random(7)
    posts = []
    for n in range(300):
        tags = [SimpleNamespace(slug=f"t{t}") for t in rng.sample(range(12), rng.randint(1, 4))]
        post = SimpleNamespace(tags=tags, date=dt.datetime(2020, 1, 1) + dt.timedelta(days=n))
        works = rng.sample(range(400), rng.randint(0, 6))  # some posts share no work at all
        set_cited_works(post, [CitedWork(f"doi:10.5555/{w}", "A work") for w in works])
        posts.append(post)

    def works_of(post):
        return {w.work_id for w in cited_works(post)}

    def by_definition(post, limit):
        works, topics = works_of(post), {t.slug for t in post.tags}
        scored = []
        for other in posts:
            if other is post:
                continue
            shared_works = len(works & works_of(other))
            shared_topics = len(topics & {t.slug for t in other.tags})
            if shared_works or shared_topics:
                scored.append((-shared_works, -shared_topics, -other.date.timestamp(), other))
        scored.sort(key=lambda s: s[:3])
        return [(s[3], -s[0], -s[1]) for s in scored[:limit]]

    for limit in (1, 3, 8):
        ranked = related_posts(posts, limit)
        paths = set()
        for post in posts:
            got = [(r.post, r.shared_works, r.shared_topics) for r in ranked[id(post)]]
            assert got == by_definition(post, limit)
            paths.add(sum(1 for r in ranked[id(post)] if r.shared_works) >= limit)
        assert paths == {True, False}  # both ways of ranking were exercised
