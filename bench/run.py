"""`make bench`: build a synthetic site three ways, fetch impact data, report ratios.

Machines are noisy, so only ratios measured in the same run are compared: each repetition
runs the baseline and our builds back to back, in alternating order, and the report gives
medians with the min-max spread. Absolute seconds are shown for context only.

Usage: python -m bench.run [--posts N] [--repeat R] [--pool W] [--skip-impact]
       (BENCH_POSTS, BENCH_REPEAT and BENCH_POOL in the environment work too)
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import asdict, dataclass, field
import datetime as dt
import json
import os
from pathlib import Path
import platform
import shutil
import statistics
import sys
import time

from bench.measure import ROOT, Run, measure

DEFAULT_WORK = ROOT / "bench" / "scratch"
WORK = DEFAULT_WORK  # set from --work in main()
RESULTS = ROOT / "bench" / "results"
PELICAN = [sys.executable, "-m", "pelican"]
SITEURL = "https://example.org/bench"

TARGETS = {  # measure -> (ratio numerator, denominator, limit)
    "cold full build / baseline": ("cold", "baseline", 1.3),
    "warm rebuild / baseline": ("warm", "baseline", 0.5),
    "one-post edit rebuild / baseline": ("edit", "baseline", 0.5),
}
RSS_TARGET = 1.5


@dataclass
class Report:
    posts: int
    repeat: int
    machine: str
    date: str
    runs: dict[str, list[Run]] = field(default_factory=lambda: defaultdict(list))
    ratios: dict[str, dict] = field(default_factory=dict)
    plugin_seconds: dict[str, float] = field(default_factory=dict)
    impact: dict = field(default_factory=dict)


def baseline_command(content: Path, output: Path) -> list[str]:
    return [*PELICAN, str(content), "-s", "bench/baseline.conf.py", "-o", str(output), "-q"]


def our_command(content: Path, output: Path, cache: Path) -> list[str]:
    return [
        *PELICAN, str(content), "-s", "pelican.conf.py", "-o", str(output), "-q",
        "-e", f'CACHE_PATH="{cache}"', f'SITEURL="{SITEURL}"', f'FEED_DOMAIN="{SITEURL}"',
        "RELATIVE_URLS=false",
    ]  # fmt: skip


def our_env(cache: Path) -> dict[str, str]:
    """Plugins keep their caches under CACHE_PATH, which each command sets (so cold is cold)."""
    return {"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}"}


def reset(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def edit_one_post(content: Path) -> None:
    post = sorted((content / "posts").glob("*.md"))[
        len(list((content / "posts").glob("*.md"))) // 2
    ]
    text = post.read_text(encoding="utf-8")
    post.write_text(text + f"\nEdited for the benchmark at {time.time()}.\n", encoding="utf-8")


def run_builds(report: Report, site, repeat: int) -> None:
    out_base, out_ours, cache = WORK / "out-baseline", WORK / "out-ours", WORK / "cache"
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for rep in range(repeat):
        order = ["baseline", "ours"] if rep % 2 == 0 else ["ours", "baseline"]
        for which in order:
            if which == "baseline":
                reset(out_base)
                run = measure(
                    baseline_command(site.baseline, out_base), log=logs / f"baseline-{rep}.log"
                )
                report.runs["baseline"].append(run)
            else:
                reset(out_ours, cache)
                env = our_env(cache)
                command = our_command(site.full, out_ours, cache)
                report.runs["cold"].append(measure(command, env, logs / f"cold-{rep}.log"))
                report.runs["warm"].append(measure(command, env, logs / f"warm-{rep}.log"))
                edit_one_post(site.full)
                report.runs["edit"].append(measure(command, env, logs / f"edit-{rep}.log"))
            print(f"  repetition {rep + 1}/{repeat}: {which} done", flush=True)
    failed = [
        f"{name} #{i + 1}"
        for name, runs in report.runs.items()
        for i, r in enumerate(runs)
        if r.returncode
    ]
    if failed:
        raise SystemExit(f"bench: builds failed: {', '.join(failed)} (logs in {logs})")


PARTS = (  # (substring of a file name, what to call its time), first match wins
    ("citeproc", "citeproc-py (called by citations)"),
    (f"{os.sep}theme{os.sep}templates{os.sep}", "theme templates (Jinja code)"),
    (f"{os.sep}markdown{os.sep}", "Markdown"),
    (f"{os.sep}jinja2{os.sep}", "Jinja2 runtime"),
    (f"{os.sep}pelican{os.sep}", "Pelican"),
    (f"{os.sep}yaml{os.sep}", "PyYAML"),
    ("subprocess", "waiting for subprocesses (Pagefind, formatting worker)"),
    ("selectors", "waiting for subprocesses (Pagefind, formatting worker)"),
)


def _part(filename: str, plugins_dir: str) -> str:
    if filename.startswith(plugins_dir):
        return "plugin " + filename[len(plugins_dir) :].split(os.sep)[0]
    for needle, label in PARTS:
        if needle in filename:
            return label
    return "Python and other libraries"


def profile_plugins(report: Report, site) -> None:
    """One extra cold build under cProfile: own time per plugin folder (not timed)."""
    import pstats

    output, cache, profile = WORK / "out-profile", WORK / "cache-profile", WORK / "build.prof"
    reset(output, cache)
    command = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(profile),
        "-m",
        "pelican",
        *our_command(site.full, output, cache)[3:],
    ]
    measure(command, our_env(cache), WORK / "logs" / "profile.log")
    stats = pstats.Stats(str(profile))
    totals: dict[str, float] = defaultdict(float)
    plugins_dir = str(ROOT / "plugins") + os.sep
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        totals[_part(filename, plugins_dir)] += tottime
    report.plugin_seconds = dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def summarise(report: Report) -> None:
    med = {name: statistics.median(r.seconds for r in runs) for name, runs in report.runs.items()}
    for label, (num, den, limit) in TARGETS.items():
        pairs = [
            a.seconds / b.seconds for a, b in zip(report.runs[num], report.runs[den], strict=False)
        ]
        report.ratios[label] = {
            "median": med[num] / med[den], "min": min(pairs), "max": max(pairs),
            "target": f"<= {limit}", "met": med[num] / med[den] <= limit,
        }  # fmt: skip
    rss = {
        name: statistics.median(r.peak_rss_mib for r in runs) for name, runs in report.runs.items()
    }
    peak = max(rss["cold"], rss["warm"], rss["edit"])
    report.ratios["peak RSS, full build / baseline"] = {
        "median": peak / rss["baseline"], "min": peak / max(r.peak_rss_mib for r in report.runs["baseline"]),
        "max": peak / min(r.peak_rss_mib for r in report.runs["baseline"]),
        "target": f"<= {RSS_TARGET}", "met": peak / rss["baseline"] <= RSS_TARGET,
    }  # fmt: skip


def markdown(report: Report) -> str:
    lines = [
        f"# Benchmark results ({report.posts} posts, {report.repeat} repetitions)",
        "",
        f"{report.date} on {report.machine}. Ratios of medians measured in the same run;",
        "min-max is the spread of the per-repetition ratios.",
        "",
        "| measure | median | min-max | target | met |",
        "|---|---:|---:|---|---|",
    ]
    for label, ratio in report.ratios.items():
        lines.append(
            f"| {label} | {ratio['median']:.2f} | {ratio['min']:.2f}-{ratio['max']:.2f} | {ratio['target']} | {'yes' if ratio['met'] else 'NO'} |"
        )
    lines += ["", "| build | median s | min-max s | median peak RSS MiB |", "|---|---:|---:|---:|"]
    for name, runs in report.runs.items():
        secs = [r.seconds for r in runs]
        lines.append(
            f"| {name} | {statistics.median(secs):.2f} | {min(secs):.2f}-{max(secs):.2f} | {statistics.median(r.peak_rss_mib for r in runs):.0f} |"
        )
    if report.impact:
        lines += ["", "## Impact fetch", ""] + [f"- {k}: {v}" for k, v in report.impact.items()]
    if report.plugin_seconds:
        lines += [
            "",
            "## Where a cold build spends its time (cProfile, own time)",
            "",
            "| part | seconds |",
            "|---|---:|",
        ]
        lines += [f"| {name} | {secs:.2f} |" for name, secs in report.plugin_seconds.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=int(os.environ.get("BENCH_POSTS", 1000)))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 3)))
    parser.add_argument(
        "--pool",
        type=int,
        default=int(os.environ.get("BENCH_POOL", 3000)),
        help="distinct cited works",
    )
    parser.add_argument("--skip-impact", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--work", type=Path, default=DEFAULT_WORK, help="scratch folder (sites, outputs, caches)"
    )
    args = parser.parse_args(argv)
    global WORK
    WORK = args.work.resolve()

    from bench.generate import generate

    print(f"Generating {args.posts} posts...", flush=True)
    site = generate(WORK / "site", posts=args.posts, pool_size=args.pool)
    report = Report(
        posts=args.posts, repeat=args.repeat,
        machine=f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )  # fmt: skip
    run_builds(report, site, args.repeat)
    summarise(report)
    if not args.no_profile:
        profile_plugins(report, site)
    if not args.skip_impact:
        from bench.impact_bench import run_impact_bench

        report.impact = run_impact_bench(site, WORK)
    args.results.mkdir(parents=True, exist_ok=True)
    text = markdown(report)
    (args.results / "latest.md").write_text(text, encoding="utf-8")
    report.runs = dict(report.runs)
    data = asdict(report)
    (args.results / "latest.json").write_text(
        json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
