"""The impact part of `make bench`: `make impact` for the synthetic pool against the local
fake API (recorded bodies, synthetic identifiers), with latency and per-provider limits.

Reports wall time against the rate-limit floor (the slowest provider's minimum time for
the requests it had to serve), requests per provider, peak memory, and the requests made
by an immediate second run (target: zero).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
import shutil
import sys

from bench.fakeapi import FakeAPI, Limit
from bench.measure import ROOT, measure

LATENCY = 0.05  # seconds per answer
RATE = 20  # requests per second per provider, like Crossref's polite pool (the floor is what these limits allow)
CONCURRENCY = 3
PROVIDERS = ("altmetric", "crossref", "openalex", "icite", "europepmc")
FAKE_KEY = "bench-key-not-secret"
FLOOR_TARGET = 1.1  # wall time of a first run / the rate-limit floor
RATIO = "impact fetch wall time / rate-limit floor"
SECOND_RUN = "requests on an immediate second run"


def run_impact_bench(site, work: Path) -> dict:
    data, cache = work / "impact-data", work / "impact-cache"
    for folder in (data, cache):
        shutil.rmtree(folder, ignore_errors=True)
    limits = {name: Limit(limit=RATE, interval=1.0, concurrency=CONCURRENCY) for name in PROVIDERS}
    limits["altmetric"] = Limit(limit=RATE, interval=1.0, concurrency=CONCURRENCY, key=FAKE_KEY)
    with FakeAPI("synthetic", latency=LATENCY, limits=limits) as api:
        env = {
            **api.env(),
            "ALTMETRIC_API_KEY": FAKE_KEY,
            "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}",
        }
        command = [
            sys.executable, "-m", "impact", "--content", str(site.full), "--data", str(data),
            "--cache", str(cache), "--progress", "quiet", "--json", str(work / "impact-1.json"),
            *[f"--limit={name}={RATE}/1s:{CONCURRENCY}" for name in PROVIDERS],
        ]  # fmt: skip
        first = measure(command, env, work / "logs" / "impact-1.log")
        seen = {name: api.count(name) for name in PROVIDERS}
        served = {name: sum(1 for s in api.requests(name) if s.status != 429) for name in PROVIDERS}
        rejected = {name: api.rejected(name) for name in PROVIDERS}
        api.reset_counts()
        second_command = [*command[: -len(PROVIDERS) - 2], "--json", str(work / "impact-2.json")]
        second = measure(second_command, env, work / "logs" / "impact-2.log")
        second_requests = api.count()
    floor = max(served[name] / RATE for name in PROVIDERS)
    summary = (
        json.loads((work / "impact-1.json").read_text())
        if (work / "impact-1.json").exists()
        else {}
    )
    return {
        "works in the pool": len(site.pool),
        "exit codes (first, second run)": f"{first.returncode}, {second.returncode}",
        "wall time, first run (s)": round(first.seconds, 2),
        "rate-limit floor (s)": round(floor, 2),
        RATIO: round(first.seconds / floor, 2) if floor else None,
        f"target met (<= {FLOOR_TARGET}, 0 requests on a re-run)": bool(floor)
        and first.seconds / floor <= FLOOR_TARGET
        and second_requests == 0,
        "requests per provider": seen,
        "429 answers per provider": rejected,
        SECOND_RUN: second_requests,
        "peak RSS of the fetcher (MiB)": round(first.peak_rss_mib),
        "records written": summary.get("records"),
        "setup": f"fake API on 127.0.0.1, {RATE} req/s and {CONCURRENCY} at a time per provider, {int(LATENCY * 1000)} ms latency",
    }
