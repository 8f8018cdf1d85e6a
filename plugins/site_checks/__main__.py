"""``python -m site_checks``: check a built site; exit status 1 when anything is wrong."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import sys

from .checks import check_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m site_checks",
        description="Check a built site: links and images, feeds, no unpublished post text.",
    )
    parser.add_argument("--content", default="content", help="the content folder (content)")
    parser.add_argument("--output", default="output", help="the built site (output)")
    parser.add_argument(
        "--siteurl",
        default=os.environ.get("SITEURL", ""),
        help="the SITEURL the site was built with (default: $SITEURL; empty = relative URLs)",
    )
    options = parser.parse_args(argv)
    output = Path(options.output)
    if not output.is_dir():
        print(f"{output}: no built site here (run `make html` first)", file=sys.stderr)
        return 2
    report = check_site(Path(options.content), output, options.siteurl.rstrip("/"))
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
