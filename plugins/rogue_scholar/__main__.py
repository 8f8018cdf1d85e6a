"""``make doi``: ``python -m rogue_scholar doi [--force] [POST ...]`` (see assign.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
import sys

from meded_core.publication import post_files

from .assign import AssignError, assign_doi
from .doi_suffix import prefix_error
from .settings import SETTINGS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make doi")
    parser.add_argument("command", choices=["doi"])
    parser.add_argument("posts", nargs="*", help="post files (default: every draft without a DOI)")
    parser.add_argument("--force", action="store_true", help="also posts that are not drafts")
    parser.add_argument("--settings", default="pelican.conf.py")
    parser.add_argument("--prefix", help="DOI prefix (default: ROGUE_SCHOLAR_PREFIX)")
    args = parser.parse_intermixed_args(argv)
    from pelican.settings import read_settings

    settings = read_settings(args.settings) if Path(args.settings).exists() else {}
    prefix = (args.prefix or SETTINGS.values(settings)["ROGUE_SCHOLAR_PREFIX"]).strip()
    error = prefix_error(prefix)
    if error:
        print(
            f"make doi: {error}; set ROGUE_SCHOLAR_PREFIX in pelican.conf.py to your blog's "
            "Rogue Scholar DOI prefix (10.59350 unless Rogue Scholar gave you another)",
            file=sys.stderr,
        )
        return 2
    posts = [Path(p) for p in args.posts] or _drafts(settings)
    failed = 0
    for post in posts:
        try:
            done = assign_doi(post, prefix, published_ok=args.force)
        except (AssignError, OSError) as exc:
            if args.posts:  # named posts must all work; the draft sweep skips quietly
                print(f"make doi: {exc}", file=sys.stderr)
                failed += 1
            continue
        print(f"{done.path}: doi: {done.doi} (also its feed id; commit the post)")
    return 1 if failed else 0


def _drafts(settings) -> list[Path]:
    return post_files(settings.get("PATH") or "content", settings.get("ARTICLE_PATHS") or ["posts"])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
