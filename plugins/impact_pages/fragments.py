"""A per-build cache of rendered template fragments, used as ``{% call impact_once(...) %}``.

Why: the same markup is rendered again and again in one build. A cited work's badge and
its evidence-panel cells are identical on every post that cites it (a 1,000-post site
prints about 15,000 of them for a few thousand works), and an author's Impact section is
identical on every page of their paginated author listing. Rendering each once per build
keeps the markup in the templates (presentation stays there) and the cost per work, not
per citation.

Template use (the key names everything the fragment depends on, including ``SITEURL``,
which differs between pages when URLs are relative)::

    {% call impact_once("badge", badge.identifier, badge.altmetric, SITEURL) %}
      ...markup...
    {% endcall %}

A new cache is made for every build (in the generator's ``generate_context``), so a
devserver rebuild never serves fragments of the previous build.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from markupsafe import Markup


class FragmentCache:
    """Callable from a Jinja ``call`` block: render the block once per key, then reuse it."""

    def __init__(self) -> None:
        self._rendered: dict[tuple[Hashable, ...], Markup] = {}
        self.hits = 0

    def __call__(self, *key: Hashable, caller: Callable[[], str]) -> Markup:
        try:
            found = self._rendered.get(key)
        except TypeError:  # an unhashable part of the key: render, do not cache
            return Markup(caller())
        if found is None:
            found = self._rendered[key] = Markup(caller())
        else:
            self.hits += 1
        return found

    def __len__(self) -> int:
        return len(self._rendered)


__all__ = ["FragmentCache"]
