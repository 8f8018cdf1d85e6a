"""Regenerate the demo impact snapshot in ``content/data/impact/`` with the real fetcher.

Run from the project root::

    PYTHONPATH=plugins:. .venv/bin/python tests/impact_demo_data.py

(run as a script: an installed package named ``tests`` can shadow this folder for ``-m``).
Every work the demo's posts cite is asked about, through the citations plugin's list of cited
works, so works cited by bibliography key get figures too.

The demo must never contact the real APIs, so ``make impact``'s own code runs against the
local fake server (:mod:`bench.fakeapi`) in ``synthetic`` mode:

* works with a recorded public API response (OpenAlex's body for 10.7717/peerj.4375, iCite's
  README example for PMID 27599104, ...) get exactly those recorded figures;
* every other demo work, post and (fictional) author gets a recorded body of the same
  service with the identifiers swapped and the counts scaled per identifier. Those numbers
  are ILLUSTRATIVE ONLY: they describe no real work, and the file's note says so.

Three runs at three dates (counts growing a little each time) give the impact pages a
short history to draw. Nothing here uses the network beyond 127.0.0.1.
"""

from __future__ import annotations

import os
from pathlib import Path
import sys
import tempfile

from impact.cli import main
from impact.store import load_figures, save_figures

from bench.fakeapi import FakeAPI, Limit

ROOT = Path(__file__).resolve().parents[1]
DEMO_NOTE = (
    "DEMO DATA, not live figures: written by tests/impact_demo_data.py, which runs `make impact` "
    "against a local fake server replaying recorded public API responses. Works without a "
    "recording got another work's recorded body with identifiers swapped and counts scaled, "
    "so their numbers are illustrative only. Run `make impact` with your own keys (or delete "
    "this folder) before publishing."
)
EPOCHS = (("2026-05-01", 0.86), ("2026-08-01", 0.93), ("2026-11-01", 1.0))


def regenerate(content: Path = ROOT / "content") -> int:
    data = content / "data/impact"
    for name in ("figures.json", "history.json"):
        (data / name).unlink(missing_ok=True)
    fast = {
        name: Limit(limit=100, interval=1, concurrency=4)
        for name in ("altmetric", "crossref", "openalex", "icite", "europepmc")
    }
    with tempfile.TemporaryDirectory() as cache:
        for today, growth in EPOCHS:
            with FakeAPI("synthetic", limits=fast, growth=growth) as api:
                env = {
                    **api.env(),
                    "ALTMETRIC_API_KEY": "demo-key-not-secret",
                    "CROSSREF_MAILTO": "editor@example.org",
                }
                code = main(
                    ["--settings", str(ROOT / "pelican.conf.py"), "--content", str(content),
                     "--cache", cache, "--force", "--today", today, "--progress", "plain"],
                    env=env,
                )  # fmt: skip
            if code != 0:
                return code
    figures = load_figures(data)
    save_figures(data, figures, note=DEMO_NOTE)
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(regenerate())
