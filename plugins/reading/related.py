"""Related posts: those citing the same evidence first, then those sharing topics.

Educators who read a post on an intervention want the other posts built on the same
studies: a post is related by each cited work and each topic it shares with another post.
Ranking is by shared works, then shared topics, then recency (then the order of the
posts, so equal candidates always come out the same). Inverted indexes find the candidates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
import heapq
from itertools import chain
from typing import Any

from meded_core.shared import cited_works


@dataclass(frozen=True)
class Related:
    post: Any
    shared_works: int
    shared_topics: int

    @property
    def reason(self) -> str:
        works, topics = self.shared_works, self.shared_topics
        parts = []
        if works:
            parts.append(f"cites {works} of the same work{'s' if works != 1 else ''}")
        if topics:
            parts.append(f"{topics} shared topic{'s' if topics != 1 else ''}")
        return "; ".join(parts)


def _topics(post: Any) -> set[str]:
    return {str(getattr(t, "slug", t)) for t in getattr(post, "tags", None) or []}


def related_posts(posts: list[Any], limit: int) -> dict[int, list[Related]]:
    """For each post (by ``id``), up to ``limit`` related posts, best first.

    Topics are shared widely (a tag may be on a tenth of the blog), so counting every post
    that shares one would make this quadratic in posts. A post sharing a work ranks above
    any that shares none, so when enough posts share works only they are ranked; otherwise
    the topic sharers are counted in C (``Counter`` over indexes). Dates are read once per
    post, and only the best ``limit`` become :class:`Related`.
    """
    works_of = [{w.work_id for w in cited_works(p)} for p in posts]
    topics_of = [_topics(p) for p in posts]
    newest_first = [-p.date.timestamp() for p in posts]
    by_work: dict[str, list[int]] = defaultdict(list)
    by_topic: dict[str, list[int]] = defaultdict(list)
    for index in range(len(posts)):
        for work in works_of[index]:
            by_work[work].append(index)
        for topic in topics_of[index]:
            by_topic[topic].append(index)
    result: dict[int, list[Related]] = {}
    for index, post in enumerate(posts):
        works = Counter(chain.from_iterable(by_work[w] for w in works_of[index]))
        works.pop(index, None)
        own_topics = topics_of[index]
        if len(works) >= limit:  # the best all share works: only their topics matter
            candidates = works.keys()
            topics = {o: len(topics_of[o] & own_topics) for o in candidates}
        else:
            topics = Counter(chain.from_iterable(by_topic[t] for t in own_topics))
            candidates = (works.keys() | topics.keys()) - {index}
        best = heapq.nsmallest(
            limit, candidates, key=lambda o: (-works[o], -topics[o], newest_first[o], o)
        )
        result[id(post)] = [Related(posts[o], works[o], topics[o]) for o in best]
    return result
