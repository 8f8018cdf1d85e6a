"""A failing strict build, run as `make check` runs it: one list, a count, no traceback."""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import sys

from conftest import build_site
from meded_core import ContentProblemsError, problems
from meded_core.problems import Problem
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "strict-failure"
PELICAN = Path(sys.executable).with_name("pelican")


def run_pelican(tmp_path: Path, *, strict: bool, extra: tuple[str, ...] = ()):
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(FIXTURE, content)
    env = {**os.environ, "STRICT": "1" if strict else "", "PUBLISH": "", "SITEURL": ""}
    command = [
        str(PELICAN),
        str(content),
        "-s",
        str(ROOT / "pelican.conf.py"),
        "-o",
        str(tmp_path / "output"),
        "--log-handler",
        "plain",
        "--fatal",
        "errors",
        "-e",
        f'CACHE_PATH="{tmp_path / "cache"}"',
        "-e",
        "QUALITY_REQUIRED=[]",  # only the fixture's own mistakes
        *extra,
    ]
    return subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240
    )


EXPECTED = [
    "second-copy.md",  # the duplicate address, naming both files
    "typo.md:4: autors: unknown front-matter field 'autors'",
    "no-date.md",
]


@pytest.fixture(scope="module")
def strict_run(tmp_path_factory):
    return run_pelican(tmp_path_factory.mktemp("strict"), strict=True)


def test_strict_failure_exits_non_zero_without_traceback(strict_run):
    output = strict_run.stdout + strict_run.stderr
    assert strict_run.returncode == 1, output
    assert "Traceback" not in output
    assert "FileOverwriteFailedError" not in output


def test_each_problem_is_printed_once_and_counted(strict_run):
    output = strict_run.stdout + strict_run.stderr
    lines = [line for line in output.splitlines() if "content/posts/" in line]
    for expected in EXPECTED:
        assert sum(expected in line for line in lines) == 1, output
    assert len(lines) == 3, output
    assert (
        output.rstrip()
        .splitlines()[-1]
        .endswith("strict build failed: 3 content problems (listed above, each once) to fix")
    ), output


def test_duplicate_address_names_both_files(strict_run):
    output = strict_run.stdout + strict_run.stderr
    line = next(line for line in output.splitlines() if "second-copy.md" in line)
    assert "first-copy.md already uses" in line
    assert "posts/2024/same-address/index.html" in line


def test_other_plugins_finish_before_strict_failure(strict_run, tmp_path_factory):
    """The sitemap is written in a finalized handler registered after the core plugin."""
    output = next(tmp_path_factory.getbasetemp().glob("strict*")) / "output"
    assert (output / "sitemap.xml").exists()
    page = (output / "posts/2024/same-address/index.html").read_text()
    assert "The first copy" in page


def test_default_build_keeps_going_with_the_same_list(tmp_path):
    result = run_pelican(tmp_path, strict=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    assert "3 content problem(s) above" in output


def test_report_cost_is_linear_in_the_number_of_problems(monkeypatch):
    """3,000 distinct warnings (a WordPress import) are collected without comparing each
    against every earlier one; a repeated problem is still reported once."""
    comparisons = 0
    original = Problem.__eq__

    def counting_eq(self, other):
        nonlocal comparisons
        comparisons += 1
        return original(self, other)

    many = [Problem(f"posts/p{i}.md", "unknown field", line=i) for i in range(3000)]
    problems.reset()
    monkeypatch.setattr(Problem, "__eq__", counting_eq)
    try:
        for problem in many + many:
            problems.report(problem)
        assert comparisons < 10 * len(many)  # a list scan would need ~4.5 million
    finally:
        monkeypatch.undo()
        collected = problems.collected_problems()
        problems.reset()
    assert collected == many


def test_problems_found_before_the_first_build_step_still_fail_it(tmp_path):
    """Plugins that check the site when Pelican starts (a symlink in content/) are counted."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    for name in ("second-copy.md", "typo.md", "no-date.md"):
        (content / "posts" / name).unlink()
    (content / "linked").symlink_to(tmp_path)
    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "output", content=content, STRICT=True, QUALITY_REQUIRED=[])
    assert "is a symbolic link" in str(failure.value)
