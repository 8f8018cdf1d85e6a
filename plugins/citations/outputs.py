"""Files the citations plugin adds to the site: the Cited works page and the downloads.

A Pelican generator, so it runs after every post has been read and rendered and writes
through Pelican's writer (relative URLs, sub-path SITEURL) like every other page.
"""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from .citeself import download_paths
from .exports import citation_key, to_bibtex, to_csl_json, to_ris
from .settings import merged


class CitationOutputs(Generator):
    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        from .plugin import cited_works

        config = merged(self.settings)
        output = Path(self.output_path)
        memo: dict[str, dict] = {"bibtex": {}, "ris": {}}  # per work, shared by the posts citing it
        for post in self.context.get("articles", []) + self.context.get("hidden_articles", []):
            item = getattr(post, "cite_this_item", None)
            if item is None:
                continue
            paths = download_paths(post)
            key = citation_key(item, getattr(post, "slug", "post"))
            _write(output / paths["citation.bib"], to_bibtex([(key, item)]))
            _write(output / paths["citation.ris"], to_ris([item]))
            _write(output / paths["citation.json"], to_csl_json([{**item, "id": key}]))
            references = [r for r in getattr(post, "references", None) or [] if r.resolved]
            if references:
                pairs = [
                    (r.key if _simple(r.key) else citation_key(r.csl), r.csl) for r in references
                ]
                _write(output / paths["references.bib"], to_bibtex(pairs, memo["bibtex"]))
                _write(
                    output / paths["references.ris"],
                    to_ris([r.csl for r in references], memo["ris"]),
                )

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
            )


def _simple(key: str) -> bool:
    return ":" not in key and "/" not in key


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
