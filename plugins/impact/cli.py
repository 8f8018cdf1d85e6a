"""``make impact``: refresh the committed impact figures from the scholarly APIs.

Usage (``make impact`` passes FORCE=1 -> --force, ONLY=x -> --only x, IDS=file -> --ids file,
STRICT=1 -> --strict)::

    PYTHONPATH=plugins .venv/bin/python -m impact [--force] [--only PROVIDER] [--ids FILE]
        [--strict] [--limit PROVIDER=N/Ts[:C]] [--progress auto|bar|plain|quiet] ...

Environment: ALTMETRIC_API_KEY, OPENALEX_API_KEY, CROSSREF_MAILTO, and the base URLs
ALTMETRIC_API_URL, CROSSREF_API_URL, OPENALEX_API_URL, ICITE_API_URL, EUROPEPMC_API_URL.
A full run also fetches the replies to the posts' ``discussion:`` announcements into
content/data/discussion.json (BLUESKY_API_URL; MASTODON_API_URL replaces every Mastodon
server's address, for a local test server).
A full run (no --only/--ids) first looks up the Rogue Scholar DOIs of posts published
without one (SITEURL, ROGUE_SCHOLAR_API_URL; see rogue_scholar/backfill.py).

Exit status: 0 when the run finished (even if some figures could not be fetched: the old
ones are kept), 1 with --strict when anything failed (or no service could be reached), 2
for a configuration error, 3 when another run is already updating the figures, 130 when
interrupted (what was fetched is saved).

For scripts and the benchmark, :func:`run_impact` does the same as the command line and
returns the :class:`~impact.run_stats.RunResult` (per-provider counts, requests and times).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping, Sequence
import contextlib
import datetime as dt
import json
import os
from pathlib import Path
import signal
import sys
import threading
import traceback
from typing import Any

from rogue_scholar.backfill import backfill_post_dois

from . import settings as impact_settings
from .discussions import refresh_discussions
from .fetcher import Fetcher
from .http import scrub
from .progress import Reporter, summary_table
from .provider_access import ConfigError, build_config
from .run_stats import COUNTS, RunResult
from .runlock import RunLocked, run_lock
from .store import ImpactDataError
from .targets import collect_targets, narrow_to_ids

USER_AGENT = "TeachingRounds-impact/1.0 (medical-education blog; +https://github.com/)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make impact",
        description="Refresh impact figures (citations, attention) for cited works, posts with "
        "a DOI and authors with an ORCID, into content/data/impact/.",
    )
    parser.add_argument(
        "--force", action="store_true", help="ignore the freshness window and the HTTP cache"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PROVIDER",
        help="ask only these providers (altmetric, crossref, openalex, icite, europepmc); repeatable or comma-separated",
    )
    parser.add_argument(
        "--ids",
        dest="ids_file",
        metavar="FILE",
        help="only these identifiers: one DOI, PMID or ORCID iD per line",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if any figure could not be fetched"
    )
    parser.add_argument(
        "--settings",
        dest="settings_file",
        default="pelican.conf.py",
        help="the site's settings file (default: %(default)s)",
    )
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("--data", help="figures folder (default: <content>/data/impact)")
    parser.add_argument("--cache", help="HTTP cache folder (default: .cache/impact)")
    parser.add_argument(
        "--limit",
        dest="limits",
        action="append",
        default=[],
        metavar="PROVIDER=N/Ts[:C]",
        help="starting rate and concurrency, e.g. crossref=10/1s:3 (announced limits still win)",
    )
    parser.add_argument("--batch-size", type=int, help="PMIDs per iCite request (at most 1000)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds one answer may take, first byte to last (default: %(default)s)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=1800.0,
        help="seconds the whole run may take; what was fetched by then is kept (default: %(default)s)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        help="largest answer accepted from any provider, in bytes (default: per provider, 1-32 MiB)",
    )
    parser.add_argument(
        "--attempts", type=int, default=5, help="tries per request (default: %(default)s)"
    )
    parser.add_argument(
        "--backoff",
        type=float,
        default=1.0,
        help="first back-off in seconds (default: %(default)s)",
    )
    parser.add_argument(
        "--today", help="date to stamp figures with, YYYY-MM-DD (default: today, UTC)"
    )
    parser.add_argument(
        "--progress",
        choices=("auto", "bar", "plain", "quiet"),
        default="auto",
        help="progress bar on a terminal, plain lines otherwise (default: %(default)s)",
    )
    # the options above are run_impact's parameters; these two are the command line's own
    parser.add_argument("--json", metavar="FILE", help="also write the run summary as JSON")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback on unexpected errors"
    )
    return parser


def _site_settings(settings_file: str, content: str | None) -> dict[str, Any]:
    """The site's settings (pelican.conf.py) merged with the plugin's defaults."""
    values: dict[str, Any] = {}
    path = Path(settings_file)
    if path.exists():
        from pelican.settings import read_settings

        values = dict(read_settings(str(path)))
    elif settings_file != "pelican.conf.py":
        raise ConfigError(f"--settings {settings_file}: no such file")
    if content:
        values["PATH"] = content
    values.setdefault("PATH", "content")
    merged, problems = impact_settings.merged(values)
    if problems:
        raise ConfigError("; ".join(str(p) for p in problems))
    return {**values, **merged}


def _today(text: str | None) -> str:
    if not text:
        return dt.datetime.now(dt.UTC).date().isoformat()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ConfigError(f"--today {text!r}: write the date as YYYY-MM-DD") from None


def run_impact(
    *,
    settings_file: str = "pelican.conf.py",
    content: str | None = None,
    data: str | None = None,
    cache: str | None = None,
    env: Mapping[str, str] | None = None,
    only: Sequence[str] = (),
    ids_file: str | None = None,
    force: bool = False,
    strict: bool = False,
    limits: Sequence[str] = (),
    batch_size: int | None = None,
    timeout: float = 30.0,
    max_seconds: float = 1800.0,
    max_bytes: int | None = None,
    attempts: int = 5,
    backoff: float = 1.0,
    today: str | None = None,
    progress: str = "auto",
    stream: Any = None,
) -> RunResult:
    """One run, as the command line does it; raises ConfigError or ImpactDataError."""
    env = os.environ if env is None else env
    settings = _site_settings(settings_file, content)
    config = build_config(
        env,
        settings,
        only=only,
        limits=limits,
        batch_size=batch_size,
        force=force,
        strict=strict,
        timeout=(min(10.0, timeout), timeout),
        max_seconds=max_seconds,
        max_bytes=max_bytes,
        attempts=attempts,
        backoff=backoff,
        backoff_max=max(backoff * 60, 1.0),
    )
    explicit = {n.strip().lower() for o in only for n in o.replace(",", " ").split()}
    for name in sorted(explicit & set(config.skipped)):
        raise ConfigError(f"--only {name}: {config.skipped[name]}")
    reporter = Reporter(progress, stream, config.secrets)
    notices: list[str] = []
    if not only and not ids_file:  # Rogue Scholar DOIs of posts first: they add post targets
        backfill_post_dois(settings, env=env, today=today and _today(today), say=reporter.line)
    targets = collect_targets(settings, notices)
    if ids_file:
        try:
            lines = Path(ids_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"--ids {ids_file}: cannot be read ({exc.strerror})") from None
        targets, bad = narrow_to_ids(targets, lines)
        if bad:
            raise ConfigError(f"--ids {ids_file}: " + "; ".join(bad[:5]))
    for notice in notices:
        reporter.line(f"impact: {notice}")
    for notice in config.skipped.values():
        reporter.line(f"impact: {notice}")
    content_path = Path(settings["PATH"])
    data_path = Path(data) if data else content_path / settings["IMPACT_DATA_PATH"]
    cache_path = Path(cache or settings["IMPACT_CACHE_PATH"])
    user_agent = USER_AGENT + (f" mailto:{config.mailto}" if config.mailto else "")
    kinds = {k: sum(t.kind == k for t in targets) for k in ("work", "post", "author")}
    reporter.line(
        f"impact: {kinds['work']} cited work(s), {kinds['post']} post(s) with a DOI, "
        f"{kinds['author']} author(s) with an ORCID; providers: {', '.join(config.providers) or 'none'}"
    )
    with run_lock(cache_path, data_path):
        fetcher = Fetcher(
            config,
            data_path,
            cache_path,
            _today(today),
            reporter,
            user_agent,
            history_points=settings["IMPACT_HISTORY_POINTS"],
        )
        result = fetcher.run(targets)
        if not only and not ids_file:  # replies to the posts' announcements (discussion:)
            for row in refresh_discussions(
                settings, env, config, cache_path, _today(today), user_agent, reporter.line
            ):
                result.stats[row.name] = row
        return result


def _result_json(result: RunResult) -> dict[str, Any]:
    return {
        "seconds": round(result.seconds, 3),
        "records": result.records,
        "interrupted": result.interrupted,
        "skipped": sorted(result.skipped),
        "providers": {
            name: {**{count: getattr(s, count) for count in COUNTS}, "seconds": round(s.seconds, 3)}
            for name, s in result.stats.items()
        },
    }


def _terminate(signum, frame) -> None:  # SIGTERM (CI cancel) behaves like Ctrl-C: save and stop
    raise KeyboardInterrupt


@contextlib.contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """While the figures are fetched, SIGTERM stops the run as Ctrl-C does (what was fetched
    is saved); the caller's own handler is put back after, so calling ``main`` from Python
    (tests, scripts) leaves no handler of ours behind in that process."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    args = _parser().parse_args(argv)
    secrets = [v for k, v in (env or os.environ).items() if k.endswith("_API_KEY") and v]
    try:
        options = {k: v for k, v in vars(args).items() if k not in ("json", "debug")}
        with _sigterm_as_ctrl_c():
            result = run_impact(env=env, **options)
    except ConfigError as exc:
        print(f"impact: configuration error: {scrub(exc, secrets)}", file=sys.stderr)
        return 2
    except ImpactDataError as exc:
        print(f"impact: cannot update the figures: {exc}", file=sys.stderr)
        return 2
    except RunLocked as exc:
        print(f"impact: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("impact: interrupted before any figure was fetched; nothing changed", file=sys.stderr)
        return 130
    except Exception as exc:  # never a bare traceback for an editor; --debug shows it
        if args.debug:
            traceback.print_exc()
        print(
            f"impact: unexpected error ({type(exc).__name__}: {scrub(exc, secrets)}); the stored "
            "figures are unchanged. Rerun with --debug for details.",
            file=sys.stderr,
        )
        return 1
    print(summary_table(result), file=sys.stdout, flush=True)
    if args.json:
        Path(args.json).write_text(
            json.dumps(_result_json(result), indent=2) + "\n", encoding="utf-8"
        )
    if result.interrupted:
        return 130
    if result.unreachable:
        print("impact: no service reachable, nothing changed", file=sys.stderr)
        return 1 if args.strict else 0
    if result.out_of_time:
        print(
            f"impact: the run's time limit ({args.max_seconds:g} s) was reached; what was "
            "fetched is saved, the rest keeps its old figures",
            file=sys.stderr,
        )
    if args.strict and result.failed:
        print(f"impact: --strict: {result.failed} figure request(s) failed", file=sys.stderr)
        return 1
    return 0
