"""Reads a post page with commonmeta-py (Rogue Scholar's metadata library) and prints what
it found as JSON: run by tests/test_commonmeta.py with the commonmeta virtual environment."""

import json
import sys

from commonmeta import Metadata

found = Metadata(sys.argv[1], via="schema_org")
print(
    json.dumps(
        {
            "id": found.id,
            "type": found.type,
            "title": found.title,
            "contributors": found.contributors,
            "references": found.references,
            "date": found.date_published,
            "publisher": found.publisher,
        },
        default=str,
        ensure_ascii=False,
    )
)
