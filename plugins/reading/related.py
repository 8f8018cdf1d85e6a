"""Related posts: those citing the same evidence first, then those sharing topics.

Educators who read a post on an intervention want the other posts built on the same
studies: a post is related by each cited work and each topic it shares with another post.
Ranking is by shared works, then shared topics, then recency. Inverted indexes keep this
linear in the number of shared items rather than quadratic in posts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from meded_core.shared import cited_works


@dataclass(frozen=True)
class Related:
    post: Any
    shared_works: int
    shared_topics: int

    @property
    def reason(self) -> str:
        parts = []
        if self.shared_works:
            n = self.shared_works
            parts.append(f"cites {n} of the same work{'s' if n != 1 else ''}")
        if self.shared_topics:
            n = self.shared_topics
            parts.append(f"{n} shared topic{'s' if n != 1 else ''}")
        return "; ".join(parts)


def _topics(post: Any) -> set[str]:
    return {str(getattr(t, "slug", t)) for t in getattr(post, "tags", None) or []}


def related_posts(posts: list[Any], limit: int) -> dict[int, list[Related]]:
    """For each post (by ``id``), up to ``limit`` related posts, best first."""
    works_of = {id(p): {w.work_id for w in cited_works(p)} for p in posts}
    topics_of = {id(p): _topics(p) for p in posts}
    by_work: dict[str, list[Any]] = defaultdict(list)
    by_topic: dict[str, list[Any]] = defaultdict(list)
    for post in posts:
        for work in works_of[id(post)]:
            by_work[work].append(post)
        for topic in topics_of[id(post)]:
            by_topic[topic].append(post)
    result: dict[int, list[Related]] = {}
    for post in posts:
        works: dict[int, int] = defaultdict(int)
        topics: dict[int, int] = defaultdict(int)
        others: dict[int, Any] = {}
        for work in works_of[id(post)]:
            for other in by_work[work]:
                works[id(other)] += 1
                others[id(other)] = other
        for topic in topics_of[id(post)]:
            for other in by_topic[topic]:
                topics[id(other)] += 1
                others[id(other)] = other
        others.pop(id(post), None)
        ranked = sorted(
            (Related(o, works[k], topics[k]) for k, o in others.items()),
            key=lambda r: (-r.shared_works, -r.shared_topics, -r.post.date.timestamp()),
        )
        result[id(post)] = ranked[:limit]
    return result
