"""The scale run, ``BENCH_POSTS=10000 make bench``: does a build's cost grow with the posts?

Cold builds of the same synthetic corpus at two sizes (``--scale-base``, 1,000 posts, and
``--posts``), alternating which goes first, compared by their medians: at ten times the
posts a cold build may take at most 11 times as long and use at most 10 times the peak
memory (other sizes in proportion). Not run in CI: at 10,000 posts one cold build takes
many minutes. Writes bench/results/scale.json and scale.md; latest.md shows the figures
among its targets (``scale_rows``) and in a section of their own (``scale_section``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
import statistics

from bench.builds import machine, our_command, our_env, problems_reported, reset
from bench.generate import generate
from bench.measure import measure

TIME_PER_POST_GROWTH = 1.1  # cold time may grow 1.1x as fast as the posts (11x at 10x)
MEMORY_PER_POST_GROWTH = 1.0  # peak memory no faster than the posts (10x at 10x)


def run_scale(args, work: Path) -> dict:
    """Measure, write scale.json and scale.md, and return the figures."""
    sizes = {"base": args.scale_base, "large": args.posts}
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    sites = {}
    for name, posts in sizes.items():
        print(f"Generating {posts} posts...", flush=True)
        sites[name] = generate(work / f"scale-{name}", posts=posts, pool_size=args.pool)
    runs: dict[str, list[dict]] = {name: [] for name in sizes}
    problems: dict[str, int] = {}
    for rep in range(args.repeat):
        for name in list(sizes) if rep % 2 == 0 else list(reversed(sizes)):
            output, cache = work / f"scale-out-{name}", work / f"scale-cache-{name}"
            reset(output, cache)
            log = logs / f"scale-{name}-{rep}.log"
            run = measure(our_command(sites[name].full, output, cache), our_env(cache), log)
            if run.returncode:
                raise SystemExit(f"bench: the {sizes[name]}-post build failed (log: {log})")
            runs[name].append({"seconds": run.seconds, "peak_rss_mib": run.peak_rss_mib})
            problems[name] = problems_reported(log)
            print(f"  repetition {rep + 1}/{args.repeat}: {sizes[name]} posts done", flush=True)
    seconds = {n: statistics.median(r["seconds"] for r in runs[n]) for n in sizes}
    memory = {n: statistics.median(r["peak_rss_mib"] for r in runs[n]) for n in sizes}
    growth = sizes["large"] / sizes["base"]
    scale = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "repeat": args.repeat,
        "posts": sizes,
        "problem_posts": {n: sites[n].problem_posts for n in sizes},
        "problems": problems,
        "runs": runs,
        "time_multiple": seconds["large"] / seconds["base"],
        "memory_multiple": memory["large"] / memory["base"],
        "time_target": round(TIME_PER_POST_GROWTH * growth, 2),
        "memory_target": round(MEMORY_PER_POST_GROWTH * growth, 2),
    }
    results = args.results
    results.mkdir(parents=True, exist_ok=True)
    (results / "scale.json").write_text(json.dumps(scale, indent=2) + "\n", encoding="utf-8")
    text = scale_markdown(scale)
    (results / "scale.md").write_text(text, encoding="utf-8")
    print(text)
    return scale


def read_scale(results: Path) -> dict | None:
    path = results / "scale.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _labels(scale: dict | None) -> tuple[str, str]:
    base, large = (scale["posts"]["base"], scale["posts"]["large"]) if scale else (1000, 10000)
    return (
        f"cold build at {large:,} posts / at {base:,}",
        f"peak RSS at {large:,} posts / at {base:,}",
    )


def scale_rows(scale: dict | None) -> list[tuple[str, str, str, bool | None]]:
    """The scale targets as rows of latest.md's table (not measured: no scale run yet)."""
    time_label, memory_label = _labels(scale)
    if scale is None:
        missing = "not measured (BENCH_POSTS=10000 make bench)"
        return [
            (time_label, missing, f"<= {TIME_PER_POST_GROWTH * 10:g}", None),
            (memory_label, missing, f"<= {MEMORY_PER_POST_GROWTH * 10:g}", None),
        ]
    return [
        (
            time_label,
            f"{scale['time_multiple']:.2f}",
            f"<= {scale['time_target']:g}",
            scale["time_multiple"] <= scale["time_target"],
        ),
        (
            memory_label,
            f"{scale['memory_multiple']:.2f}",
            f"<= {scale['memory_target']:g}",
            scale["memory_multiple"] <= scale["memory_target"],
        ),
    ]


def scale_section(scale: dict | None) -> list[str]:
    if scale is None:
        return []
    return [
        "",
        f"## At {scale['posts']['large']:,} posts",
        "",
        f"From the scale run of {scale['date']} (scale.md): cold builds of the same corpus at "
        f"{scale['posts']['base']:,} and {scale['posts']['large']:,} posts, "
        f"{scale['repeat']} repetition(s). Time {scale['time_multiple']:.2f}x, "
        f"peak memory {scale['memory_multiple']:.2f}x.",
    ]


def scale_markdown(scale: dict) -> str:
    lines = [
        f"# Scale run ({scale['posts']['large']:,} posts against {scale['posts']['base']:,})",
        "",
        f"{scale['date']} on {scale['machine']}; cold builds, {scale['repeat']} repetition(s), "
        "medians.",
        "",
        "| measure | figure | target | met |",
        "|---|---:|---|---|",
    ]
    lines += [
        f"| {label} | {figure} | {target} | {'yes' if ok else 'NO'} |"
        for label, figure, target, ok in scale_rows(scale)
    ]
    lines += ["", "| posts | median s | median peak RSS MiB | content problems reported |"]
    lines.append("|---:|---:|---:|---|")
    for name, posts in scale["posts"].items():
        runs = scale["runs"][name]
        lines.append(
            f"| {posts:,} | {statistics.median(r['seconds'] for r in runs):.1f} "
            f"| {statistics.median(r['peak_rss_mib'] for r in runs):.0f} "
            f"| {scale['problems'][name]} (in {scale['problem_posts'][name]} posts) |"
        )
    return "\n".join(lines) + "\n"
