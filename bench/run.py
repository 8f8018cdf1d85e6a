"""`make bench`: build a synthetic site three ways, fetch impact data, report ratios.

Machines are noisy, so only ratios measured in the same run are compared: each repetition
runs the baseline and our builds back to back, in alternating order, and the report gives
medians with the min-max spread. Absolute seconds are shown for context only.

Usage: python -m bench.run [--posts N] [--repeat R] [--pool W] [--skip-impact]
       (BENCH_POSTS, BENCH_REPEAT and BENCH_POOL in the environment work too)

More than 1,000 posts (``BENCH_POSTS=10000``) is the scale run instead (see ``bench.scale``).
bench/README.md has the exact commands.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import asdict, dataclass, field
import datetime as dt
import json
import os
from pathlib import Path
import statistics
import sys
import time

from bench.builds import (
    baseline_command,
    machine,
    our_command,
    our_env,
    problems_reported,
    reset,
)
from bench.generate import generate
from bench.impact_bench import FLOOR_TARGET, RATIO, SECOND_RUN, run_impact_bench
from bench.measure import ROOT, Run, measure
from bench.profile_build import read_profile
from bench.scale import read_scale, run_scale, scale_rows, scale_section

DEFAULT_WORK = ROOT / "bench" / "scratch"
WORK = DEFAULT_WORK  # set from --work in main()
RESULTS = ROOT / "bench" / "results"

TARGETS = {  # measure -> (ratio numerator, denominator, limit)
    "cold full build / baseline": ("cold", "baseline", 1.3),
    "warm rebuild / baseline": ("warm", "baseline", 0.3),
    "one-post edit rebuild / baseline": ("edit", "baseline", 0.3),
}
RSS_TARGET = 1.5
RSS_LABEL = "peak RSS, full build / baseline"
BUILDS = ("baseline", "cold", "warm", "edit")


@dataclass
class Report:
    posts: int
    repeat: int
    machine: str
    date: str
    runs: dict[str, list[Run]] = field(default_factory=lambda: defaultdict(list))
    ratios: dict[str, dict] = field(default_factory=dict)
    plugin_seconds: dict[str, float] = field(default_factory=dict)  # own time by file kind
    owner_seconds: dict[str, float] = field(default_factory=dict)  # by plugin, with its calls
    impact: dict = field(default_factory=dict)
    problems: dict[str, int] = field(default_factory=dict)  # reported by each kind of build
    problem_posts: int = 0  # posts written with content problems


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
                if rep == 0:
                    report.problems = {
                        kind: problems_reported(logs / f"{kind}-{rep}.log")
                        for kind in ("cold", "warm", "edit")
                    }
            print(f"  repetition {rep + 1}/{repeat}: {which} done", flush=True)
    failed = [
        f"{name} #{i + 1}"
        for name, runs in report.runs.items()
        for i, r in enumerate(runs)
        if r.returncode
    ]
    if failed:
        raise SystemExit(f"bench: builds failed: {', '.join(failed)} (logs in {logs})")


def profile_plugins(report: Report, site) -> None:
    """One extra cold build under pyinstrument (not timed): see ``bench.profile_build``."""
    output, cache, session = WORK / "out-profile", WORK / "cache-profile", WORK / "build.pyisession"
    reset(output, cache)
    command = [
        sys.executable, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session),
        "-m", "pelican", *our_command(site.full, output, cache)[3:],
    ]  # fmt: skip
    run = measure(command, our_env(cache), WORK / "logs" / "profile.log")
    if run.returncode or not session.exists():
        raise SystemExit(f"bench: the profiled build failed (log in {WORK / 'logs'})")
    report.owner_seconds, report.plugin_seconds = read_profile(
        session, str(ROOT / "plugins") + os.sep
    )


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
    report.ratios[RSS_LABEL] = {
        "median": peak / rss["baseline"], "min": peak / max(r.peak_rss_mib for r in report.runs["baseline"]),
        "max": peak / min(r.peak_rss_mib for r in report.runs["baseline"]),
        "target": f"<= {RSS_TARGET}", "met": peak / rss["baseline"] <= RSS_TARGET,
    }  # fmt: skip


def target_rows(data: dict, scale: dict | None) -> list[tuple[str, str, str, bool | None]]:
    """(measure, figure, target, met) for every target of ``make bench``; None: not measured."""
    order = [*TARGETS, RSS_LABEL]  # latest.json keeps its keys sorted
    ratios = sorted(data["ratios"].items(), key=lambda kv: order.index(kv[0]))
    rows: list[tuple[str, str, str, bool | None]] = [
        (label, f"{r['median']:.2f} ({r['min']:.2f}-{r['max']:.2f})", r["target"], r["met"])
        for label, r in ratios
    ]
    impact = data.get("impact") or {}
    if impact.get(RATIO) is not None:
        rows.append((
            "impact fetch / rate-limit floor; requests on a re-run",
            f"{impact[RATIO]:.2f}; {impact[SECOND_RUN]}",
            f"<= {FLOOR_TARGET}; 0",
            impact[RATIO] <= FLOOR_TARGET and impact[SECOND_RUN] == 0,
        ))  # fmt: skip
    else:
        rows.append(
            (
                "impact fetch / rate-limit floor",
                "not measured (--skip-impact)",
                f"<= {FLOOR_TARGET}",
                None,
            )
        )
    problems, written = data.get("problems") or {}, data.get("problem_posts", 0)
    if problems:
        counts = ", ".join(f"{kind} {n}" for kind, n in problems.items())
        rows.append((
            f"content problems reported ({written} posts written with problems)",
            counts, "every build reports all of them",
            len(set(problems.values())) == 1 and min(problems.values()) >= written,
        ))  # fmt: skip
    rows += scale_rows(scale)
    return rows


def markdown(data: dict, scale: dict | None = None) -> str:
    """latest.md from latest.json's data (and the scale run's, when there is one)."""
    rows = target_rows(data, scale)
    met = [label for label, _, _, ok in rows if ok]
    missed = [label for label, _, _, ok in rows if ok is False]
    lines = [
        f"# Benchmark results ({data['posts']} posts, {data['repeat']} repetitions)",
        "",
        f"{data['date']} on {data['machine']}. Ratios of medians measured in the same run",
        "(the spread of the per-repetition ratios in brackets); absolute seconds for context.",
        "",
        "| measure | figure | target | met |",
        "|---|---:|---|---|",
    ]
    for label, figure, target, ok in rows:
        lines.append(
            f"| {label} | {figure} | {target} | {'not measured' if ok is None else 'yes' if ok else 'NO'} |"
        )
    lines += [
        "",
        f"Targets met: {len(met)} of {len(met) + len(missed)}"
        + (f". Not met: {'; '.join(missed)}." if missed else "."),
    ]
    lines += ["", "| build | median s | min-max s | median peak RSS MiB |", "|---|---:|---:|---:|"]
    for name, runs in sorted(data["runs"].items(), key=lambda kv: BUILDS.index(kv[0])):
        secs = [r["seconds"] for r in runs]
        lines.append(
            f"| {name} | {statistics.median(secs):.2f} | {min(secs):.2f}-{max(secs):.2f} | {statistics.median(r['peak_rss_mib'] for r in runs):.0f} |"
        )
    if data.get("impact"):
        lines += ["", "## Impact fetch", ""] + [f"- {k}: {v}" for k, v in data["impact"].items()]
    if data.get("owner_seconds"):
        lines += [
            "",
            "## Where a cold build spends its time",
            "",
            "One more cold build under pyinstrument (wall time, sampled call stacks). Each",
            "moment counts once, for the innermost plugin on the stack with the libraries it",
            "calls, unless Markdown, Jinja or Pelican is further in (bench/profile_build.py).",
            "",
            "| part | seconds |",
            "|---|---:|",
        ]
        lines += [f"| {name} | {secs:.2f} |" for name, secs in data["owner_seconds"].items()]
    if data.get("plugin_seconds"):
        lines += ["", "Own time by file (the same build):", "", "| part | seconds |", "|---|---:|"]
        lines += [f"| {name} | {secs:.2f} |" for name, secs in data["plugin_seconds"].items()]
    lines += scale_section(scale)
    return "\n".join(lines) + "\n"


def write_results(results: Path, data: dict) -> str:
    """latest.json and latest.md (with the latest scale run's figures, if any)."""
    results.mkdir(parents=True, exist_ok=True)
    (results / "latest.json").write_text(
        json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    text = markdown(data, read_scale(results))
    (results / "latest.md").write_text(text, encoding="utf-8")
    return text


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
    parser.add_argument(
        "--scale-base",
        type=int,
        default=int(os.environ.get("BENCH_SCALE_BASE", 1000)),
        help="more posts than this: compare cold builds at this size and at --posts",
    )
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument(
        "--work", type=Path, default=DEFAULT_WORK, help="scratch folder (sites, outputs, caches)"
    )
    args = parser.parse_args(argv)
    global WORK
    WORK = args.work.resolve()

    if args.posts > args.scale_base:
        run_scale(args, WORK)
        latest = args.results / "latest.json"
        if latest.exists():  # latest.md shows the new figures beside the last full run's
            write_results(args.results, json.loads(latest.read_text(encoding="utf-8")))
        return 0
    print(f"Generating {args.posts} posts...", flush=True)
    site = generate(WORK / "site", posts=args.posts, pool_size=args.pool)
    report = Report(
        posts=args.posts, repeat=args.repeat, machine=machine(),
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        problem_posts=site.problem_posts,
    )  # fmt: skip
    run_builds(report, site, args.repeat)
    summarise(report)
    if not args.no_profile:
        profile_plugins(report, site)
    if not args.skip_impact:
        report.impact = run_impact_bench(site, WORK)
    report.runs = dict(report.runs)
    print(write_results(args.results, asdict(report)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
