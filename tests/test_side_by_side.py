"""Builds side by side (``make html`` during ``make devserver``) neither fail nor hang."""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import subprocess
import sys
import time

from conftest import ROOT
import pytest
from site_meta.output_lock import OutputLockTimeout, lock_path, output_lock
from site_meta.search_index import SearchDocument, SearchIndexJob

FIXTURE = Path(__file__).parent / "fixtures" / "publication"
PELICAN = Path(sys.executable).with_name("pelican")
HOLD = """
import sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from site_meta.output_lock import output_lock
with output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def _holder(output: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(output), str(ROOT / "plugins")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_waiting_build_names_the_holder_and_gives_up_in_bounded_time(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    holder = _holder(output)
    try:
        started = time.monotonic()
        with pytest.raises(OutputLockTimeout) as failure, output_lock(output, timeout=0.5):
            pass
        assert time.monotonic() - started < 5
        assert f"process {holder.pid}" in str(failure.value)
    finally:
        holder.kill()
        holder.wait()
    # the OS frees the lock of a killed holder: no stale lock
    with output_lock(output, timeout=2):
        assert lock_path(output).exists()


def test_the_lock_waits_for_the_holder_to_finish(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    holder = _holder(output)
    started = time.monotonic()
    subprocess.Popen(["sh", "-c", f"sleep 1; kill {holder.pid}"])
    with output_lock(output, timeout=30):
        waited = time.monotonic() - started
    holder.wait()
    assert 0.5 < waited < 30


def test_search_index_is_staged_outside_the_output_folder(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    documents = [SearchDocument("a/index.html", "<html><body><main>Hello</main></body></html>")]
    job = SearchIndexJob(documents, output, tmp_path / "cache" / "search-builds")
    job.start()
    try:
        assert not job.staging.is_relative_to(output)
        assert job.wait(timeout=120)
        assert list(output.iterdir()) == []  # nothing appears in output/ before the swap
        job.swap_in()
        assert (output / "pagefind" / "pagefind-entry.json").is_file()
    finally:
        job.cleanup()
    assert list((tmp_path / "cache" / "search-builds").iterdir()) == []


def _build(content: Path, output: Path, cache: Path) -> subprocess.Popen:
    command = [
        str(PELICAN), str(content), "-s", str(ROOT / "pelican.conf.py"), "-o", str(output),
        "--log-handler", "plain", "-e", f'CACHE_PATH="{cache}"', "PAGEFIND=true",
    ]  # fmt: skip
    env = {**os.environ, "STRICT": "", "PUBLISH": "", "SITEURL": ""}
    return subprocess.Popen(
        command, cwd=content.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip


def test_two_builds_into_one_output_folder_both_succeed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    output = tmp_path / "output"
    cache = tmp_path / "cache"  # shared, as make html and make devserver share .cache
    for _round in range(2):
        builds = [_build(content, output, cache) for _ in range(2)]
        for build in builds:
            log, _ = build.communicate(timeout=300)
            assert build.returncode == 0, log
            assert "Traceback" not in log
        assert (output / "pagefind" / "pagefind-entry.json").is_file()
        assert not list(output.glob(".pagefind*"))
        (content / "posts" / "published.md").write_text(
            (content / "posts" / "published.md").read_text() + f"\nEdit {_round}.\n"
        )
    assert not list((cache / "search-builds").iterdir())
