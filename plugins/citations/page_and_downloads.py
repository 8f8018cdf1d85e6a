"""Files the citations plugin adds to the site: the Cited works page and the downloads.

A Pelican generator, so it runs after every post has been read and rendered and writes
through Pelican's writer (relative URLs, sub-path SITEURL) like every other page.
"""

from __future__ import annotations

from collections.abc import Callable
import hashlib
from pathlib import Path
import pickle

from meded_core import incremental
from meded_core.build_outputs import claim
from meded_core.contents import OutputGenerator
from meded_core.paths import inside

from .build_state import cited_works, state_for
from .cite_this_post import contributor_fields, download_paths
from .exports import citation_key, to_bibtex, to_csl_json, to_ris
from .settings import SETTINGS


class CitationOutputs(OutputGenerator):
    def generate_output(self, writer) -> None:
        config = SETTINGS.values(self.settings)
        output = Path(self.output_path)
        state = state_for(self.settings)
        memo: dict[str, dict] = {"bibtex": {}, "ris": {}}  # per work, shared by the posts citing it
        # drafts are here only in preview builds (publish builds drop them first), and their
        # preview pages link to their downloads as a published post's do
        posts = [
            *self.context.get("articles", []),
            *self.context.get("hidden_articles", []),
            *self.context.get("drafts", []),
        ]
        for post in posts:
            item = getattr(post, "cite_this_item", None)
            if item is None:
                continue
            _write_downloads(state, output, post, item, memo)

        save_as = config["CITED_WORKS_SAVE_AS"]
        if save_as:
            works = cited_works(self.settings)
            writer.write_file(
                save_as,
                self.get_template("cited_works"),
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS", False),
                url=config["CITED_WORKS_URL"],
                template_name="cited_works",
                cited_works=works,
                cited_works_url=config["CITED_WORKS_URL"],
                page_inputs=_shown(works),
            )


def _shown(works: list[dict]) -> str:
    """What the Cited works page shows of the posts: each work's entry and the address and
    title of the posts citing it (an edit elsewhere in a post leaves the page as it is)."""
    return incremental.digest(
        [
            (w["id"], w["anchor"], str(w["html"]), [(p.url, p.title) for p in w["posts"]])
            for w in works
        ]
    )


def _simple(key: str) -> bool:
    return ":" not in key and "/" not in key


def _write_downloads(state, output: Path, post, item: dict, memo: dict[str, dict]) -> None:
    """The post's own record and its reference list, rebuilt and written only when what they
    are made from changed since the last build (Pelican keeps the output folder)."""
    paths = download_paths(post)
    references = [r for r in getattr(post, "references", None) or [] if r.resolved]
    key = citation_key(item, getattr(post, "slug", "post"))
    extra = contributor_fields(post)
    fingerprint = hashlib.blake2b(
        pickle.dumps(
            (key, item, extra, [(r.key, state.fingerprint(r.csl)) for r in references]), protocol=5
        ),
        digest_size=16,
    ).hexdigest() + incremental.code_of(__file__)
    files: dict[str, Callable[[], str]] = {
        "citation.bib": lambda: to_bibtex([(key, item)]),
        "citation.ris": lambda: to_ris([item]),
        "citation.json": lambda: to_csl_json([{**item, "id": key, **extra}]),
    }
    if references:
        files["references.bib"] = lambda: to_bibtex(
            [(r.key if _simple(r.key) else citation_key(r.csl), r.csl) for r in references],
            memo["bibtex"],
        )
        files["references.ris"] = lambda: to_ris([r.csl for r in references], memo["ris"])
    for name, make in files.items():
        path = output / paths[name]
        if not inside(output, path):  # safe_paths reports the post's traversing save_as
            continue
        claim(path)  # kept by the end-of-build pruning even when not rewritten
        if incremental.memo().output_is_current(path, fingerprint):
            continue
        data = make().encode("utf-8")
        _write(path, data)
        incremental.memo().output_written(path, fingerprint)


def _write(path: Path, data: bytes) -> None:
    """Write unless the file already holds exactly these bytes."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
