"""A small `make bench` run, so the benchmark cannot rot (no timing is asserted here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT


def test_bench_runs_end_to_end_on_30_posts(tmp_path):
    results = tmp_path / "results"
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"}
    completed = subprocess.run(
        [sys.executable, "-m", "bench.run", "--posts", "30", "--repeat", "1", "--results", str(results), "--work", str(tmp_path / "work"), "--pool", "60"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    data = json.loads((results / "latest.json").read_text())
    assert data["posts"] == 30
    assert set(data["runs"]) == {"baseline", "cold", "warm", "edit"}
    assert all(
        run["returncode"] == 0 and run["seconds"] > 0
        for runs in data["runs"].values()
        for run in runs
    )
    for label in (
        "cold full build / baseline",
        "warm rebuild / baseline",
        "one-post edit rebuild / baseline",
    ):
        assert data["ratios"][label]["median"] > 0
    assert any(name.startswith("plugin ") for name in data["plugin_seconds"])
    impact = data["impact"]
    assert impact["exit codes (first, second run)"] == "0, 0"
    assert impact["records written"] >= 60
    assert impact["requests per provider"]["crossref"] >= 60
    assert impact["requests on an immediate second run"] == 0
    latest = (results / "latest.md").read_text()
    assert "| cold full build / baseline |" in latest
    assert "| impact fetch / rate-limit floor; requests on a re-run |" in latest
    assert "not measured (BENCH_POSTS=10000 make bench)" in latest
    assert len(list((tmp_path / "work/site/full/posts").glob("*.md"))) == 30
    # one post in the sample has content problems: every build reports them and goes on
    assert data["problem_posts"] == 1
    assert set(data["problems"]) == {"cold", "warm", "edit"}
    assert data["problems"]["cold"] >= 2  # an unknown key and a hero image without alt text
    # the profile attributes the build to the plugins, social cards on their own line
    assert data["owner_seconds"]["plugin citations"] > 0
    assert any(name.startswith("social cards") for name in data["owner_seconds"])

    # The scale run (BENCH_POSTS=10000 in earnest) adds its figures to latest.md.
    completed = subprocess.run(
        [sys.executable, "-m", "bench.run", "--posts", "16", "--scale-base", "8", "--repeat", "1", "--results", str(results), "--work", str(tmp_path / "work"), "--pool", "60"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    scale = json.loads((results / "scale.json").read_text())
    assert scale["posts"] == {"base": 8, "large": 16}
    assert scale["time_multiple"] > 0 and scale["memory_multiple"] > 0
    assert scale["time_target"] == 2.2 and scale["memory_target"] == 2
    latest = (results / "latest.md").read_text()
    assert f"| cold build at 16 posts / at 8 | {scale['time_multiple']:.2f} | <= 2.2 |" in latest
    assert "## At 16 posts" in latest
    assert json.loads((results / "latest.json").read_text())["posts"] == 30
