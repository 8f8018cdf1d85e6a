"""YAML and JSON written by people are read within bounds: alias bombs and deep nesting are
content problems with file and line, in bounded time and memory, never a hang or traceback."""

from __future__ import annotations

import json
from pathlib import Path
import resource
import subprocess
import sys
import time

from conftest import write_posts
from meded_core.safe_load import YAMLLimitError, load_json, load_yaml
import pytest

RUNNER = Path(__file__).parent / "fixtures" / "safety" / "interrupted_build.py"
MEMORY_LIMIT = 2 * 1024**3  # the old code needed 4.8-7.9 GB for these files


def bomb(last_key: str, levels: int = 9, indent: str = "") -> str:
    """About 600 bytes that expand to 9**levels values ("billion laughs")."""
    lines = [f'{indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"{indent}l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]")
    lines.append(f"{indent}{last_key}: *l{levels - 1}")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_quickly_with_its_line():
    started = time.monotonic()
    with pytest.raises(YAMLLimitError) as caught:
        load_yaml("title: fine\n" + bomb("tags"))
    assert time.monotonic() - started < 2
    assert "aliases" in caught.value.problem
    assert 2 <= caught.value.problem_mark.line + 1 <= 11


def test_ordinary_aliases_and_merge_keys_still_work():
    data = load_yaml("base: &b {role: editor}\nmaya:\n  <<: *b\n  name: Maya\ncopy: *b\n")
    assert data["maya"] == {"role": "editor", "name": "Maya"} and data["copy"] == {"role": "editor"}


@pytest.mark.parametrize(
    "text",
    ["a: &a [*a]\n", "[" * 200 + "]" * 200, "x:\n" + "".join(f"{' ' * i}- \n" for i in range(80))],
)
def test_self_reference_and_deep_nesting_are_refused(text):
    with pytest.raises(YAMLLimitError):
        load_yaml(text)


@pytest.mark.parametrize("depth", [60, 5000, 200_000])
def test_deeply_nested_json_is_a_json_error(depth):
    with pytest.raises(json.JSONDecodeError):
        load_json("[" * depth + "]" * depth)
    assert load_json('{"a": [[1]]}') == {"a": [[1]]}


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_alias_bombs_in_every_yaml_file_are_content_problems_in_bounded_memory(tmp_path):
    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(bomb("criteria"), encoding="utf-8")
    content = write_posts(
        tmp_path / "content",
        {
            "posts/front.md": "---\ntitle: Front\ndate: 2024-01-01\n"
            + bomb("extra")
            + "---\nBody.\n",
            "posts/tags.md": "---\ntitle: Tags\ndate: 2024-01-02\n" + bomb("tags") + "---\nBody.\n",
            "posts/fine.md": "---\ntitle: Fine post\ndate: 2024-01-03\n---\nBody.\n",
            "authors.yml": bomb("maya"),
            "bibliography/bomb.yaml": bomb("references"),
        },
    )
    output = tmp_path / "output"
    settings = {"QUALITY_CRITERIA_FILE": str(criteria)}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(RUNNER), str(content), str(output), "none", "-", json.dumps(settings)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
        cwd=tmp_path,
    )
    elapsed = time.monotonic() - started
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    print("\n".join(line for line in log.splitlines() if "aliases" in line))
    assert "Traceback" not in log and "MemoryError" not in log
    for where in ("front.md:", "tags.md:", "authors.yml:", "bomb.yaml:", "criteria.yaml"):
        assert any(where in line and "aliases" in line for line in log.splitlines()), where
    assert (output / "posts" / "2024" / "fine" / "index.html").is_file()
    assert elapsed < 60
