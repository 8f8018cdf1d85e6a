"""``make refs``: resolve the identifiers the posts cite into the committed cache.

Usage::

    PYTHONPATH=plugins .venv/bin/python -m citations refs [--missing] [--settings FILE]

Reads every Markdown file under the content folder with the same citation syntax as the
build, asks the services for each ``doi:``/``pmid:``/``pmcid:``/``isbn:``/``url:`` cited
(all of them by default, to pick up corrections and retractions; only those missing from
the cache with ``--missing``), and writes ``content/data/references.json``. An identifier
that cannot be resolved keeps its cached entry. Base URLs come from the environment
(DOI_RESOLVER_URL, CROSSREF_API_URL, NCBI_EUTILS_URL, EUROPEPMC_API_URL,
OPENLIBRARY_API_URL).

Exit status: 0 when everything cited is in the cache afterwards, 1 otherwise, 2 for a
configuration error.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
import sys

from .resolve import Failure, Identifier, Malformed, Resolver, parse_identifier
from .settings import SETTINGS, service_urls
from .site_works import read_site


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make refs",
        description="Resolve cited DOIs, PMIDs, PMCIDs, ISBNs and URLs into the references cache.",
    )
    parser.add_argument("command", nargs="?", default="refs", choices=["refs"])
    parser.add_argument(
        "--missing", action="store_true", help="only identifiers not yet in the cache"
    )
    parser.add_argument(
        "--settings",
        default="pelican.conf.py",
        help="the site's settings file (default: %(default)s)",
    )
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds to wait for each answer")
    args = parser.parse_args(argv)

    try:
        from pelican.settings import read_settings

        settings = read_settings(args.settings)
    except Exception as exc:  # a broken settings file is a configuration error
        print(f"make refs: cannot read {args.settings}: {exc}", file=sys.stderr)
        return 2
    config, setting_problems = SETTINGS.merged(settings)
    for problem in setting_problems:
        print(f"make refs: {problem}", file=sys.stderr)
    site = read_site(settings, Path(args.content) if args.content else None)
    cache, cache_path = site.cache, site.cache.path
    if cache.problem:
        print(f"make refs: {cache.problem}", file=sys.stderr)
        return 2

    wanted: dict[str, tuple[Identifier, str]] = {}
    problems = 0
    for post in site.posts:
        bibliography = site.bibliography_for(post)
        for key, line in post.keys:
            parsed = parse_identifier(key)
            where = f"{post.path}:{line}" if line else str(post.path)
            if isinstance(parsed, Malformed):
                print(f"{where}: {parsed.message} ({parsed.fix})")
                problems += 1
            elif (
                isinstance(parsed, Identifier)
                and bibliography.by_identifier(parsed.cache_id) is None
            ):
                wanted.setdefault(parsed.cache_id, (parsed, where))

    resolver = Resolver(
        cache,
        service_urls(),
        online=True,
        timeout=args.timeout,
        mailto=config["CITATIONS_MAILTO"],
    )
    resolved = failed = skipped = 0
    for cache_id, (identifier, where) in sorted(wanted.items()):
        if args.missing and cache.get(cache_id) is not None:
            skipped += 1
            continue
        answer = resolver.resolve(identifier)
        if isinstance(answer, Failure):
            kept = " (the cached entry is kept)" if cache.get(cache_id) else ""
            print(f"{where}: {cache_id}: {answer.message}{kept}")
            failed += 1 if cache.get(cache_id) is None else 0
        else:
            resolved += 1
            print(f"resolved {cache_id}")
    cache.save()
    resolver.close()
    print(
        f"make refs: {resolved} resolved, {skipped} already cached, {failed} unresolved; "
        f"{len(cache.items)} items in {cache_path}"
    )
    return 1 if failed or problems else 0
