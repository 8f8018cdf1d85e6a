"""`make devserver`: open pages reload after a rebuild; stopping it leaves no process behind.

The live-reload script and its stamp exist only in devserver builds, never in the output
of `make html` or `make publish`.
"""

from __future__ import annotations

import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, build_site
import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "publication"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode()
    except OSError:
        return None


def _wait_for(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


def edit_until(path: Path, addition: str, done, timeout: float = 180) -> None:
    """Save an edit, and save it again every 15 s until ``done()``: Pelican's watcher starts
    a moment after each build and misses a save made in between (an author saves again)."""
    original = path.read_text()
    deadline = time.monotonic() + timeout
    saves = 0
    while time.monotonic() < deadline:
        path.write_text(original + addition * (saves % 2 + 1))
        saves += 1
        if _wait_for(done, 15):
            return


def _devserver_command(tmp_path: Path, port: int) -> list[str]:
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(FIXTURE, content)
    return [
        sys.executable, "-m", "site_meta.devserver", str(content),
        "-s", str(ROOT / "pelican.conf.py"), "-o", str(tmp_path / "output"),
        "--log-handler", "plain", "-p", str(port), "-b", "127.0.0.1",
        "-e", f'CACHE_PATH="{tmp_path / "cache"}"', "PAGEFIND=true",
    ]  # fmt: skip


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "STRICT": "", "SITEURL": ""}


@pytest.fixture
def devserver(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        _devserver_command(tmp_path, port),
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(lambda: _get(f"{base}/livereload.txt"), 180), "devserver never built"
        yield process, base, tmp_path
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_open_pages_reload_after_a_rebuild(devserver):
    _process, base, tmp_path = devserver
    page = _get(f"{base}/posts/2024/published/")
    assert "livereload.txt" in page and "location.reload()" in page
    first = _get(f"{base}/livereload.txt")
    post = tmp_path / "content" / "posts" / "published.md"
    edit_until(
        post,
        "\nAn edit the author wants to see.\n",
        lambda: _get(f"{base}/livereload.txt") != first,
    )
    assert _get(f"{base}/livereload.txt") != first, "the rebuild wrote no new stamp"
    assert "An edit the author wants to see." in _get(f"{base}/posts/2024/published/")


def test_sigterm_stops_the_devserver_and_every_child(devserver):
    process, base, _tmp = devserver
    family = _descendants(process.pid)
    assert family, "the devserver runs its rebuild loop and server as child processes"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) is not None
    assert _wait_for(lambda: not any(_alive(pid) for pid in family), 30)
    assert _get(f"{base}/livereload.txt") is None  # the port is free again


def test_killing_the_devserver_outright_stops_its_children(devserver):
    process, _base, _tmp = devserver
    family = _descendants(process.pid)
    process.kill()
    process.wait()
    assert _wait_for(lambda: not any(_alive(pid) for pid in family), 30), family


def test_killing_the_parent_make_stops_the_devserver(tmp_path):
    """`make` killed outright (no signal to pass on): the kernel tells the devserver."""
    port = _free_port()
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys; subprocess.run(sys.argv[1:])",
            *_devserver_command(tmp_path, port),
        ],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: _get(f"http://127.0.0.1:{port}/livereload.txt"), 180)
        family = _descendants(parent.pid)
        parent.kill()
        parent.wait()
        assert _wait_for(lambda: not any(_alive(pid) for pid in family), 30), family
    finally:
        for pid in _descendants(parent.pid):
            os.kill(pid, signal.SIGKILL)


def _mentions_live_reload(output: Path) -> list[str]:
    return [
        str(p.relative_to(output))
        for p in output.rglob("*")
        if "livereload" in p.name or (p.is_file() and b"livereload" in p.read_bytes())
    ]


def test_no_live_reload_code_in_html_or_publish_output(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    preview = build_site(tmp_path / "html", content=content)
    published = build_site(tmp_path / "publish", content=content, PUBLISH=True)
    assert _mentions_live_reload(preview.output) == []
    assert _mentions_live_reload(published.output) == []
    # the same folder built by the devserver and then by make html: script and stamp go
    devserver_build = build_site(tmp_path / "html", content=content, LIVE_RELOAD=True)
    assert (devserver_build.output / "livereload.txt").is_file()
    assert "livereload.txt" in devserver_build.page("posts/2024/published/index.html")
    build_site(tmp_path / "html", content=content)
    assert _mentions_live_reload(tmp_path / "html") == []
