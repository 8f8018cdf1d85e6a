"""A build killed or interrupted half-way never leaves stale pages or downloads behind.

Real subprocess builds: build, edit every post, build again but die part-way (kill -9 or
Ctrl-C, sent by the build itself when it writes a chosen file, so the point is exact),
revert the edit, build once more. The last build must publish only the reverted text,
even though every reverted post's inputs equal the ones the caches remember.
"""

from __future__ import annotations

from pathlib import Path
import subprocess
import sys

from conftest import write_posts
import pytest

RUNNER = Path(__file__).parent / "fixtures" / "safety" / "interrupted_build.py"
POSTS = 12


def posts(word: str) -> dict[str, str]:
    # "Orignlqx" and "Modifdqx" have the same length: a size check alone cannot tell them apart.
    return {
        f"posts/post-{n:02d}.md": (
            f"---\ntitle: {word} post {n}\ndate: 2024-01-{n + 1:02d}\n---\n"
            f"The {word} body of post {n}.\n"
        )
        for n in range(POSTS)
    }


def run(content: Path, output: Path, how: str = "none", mark: str = "") -> int:
    result = subprocess.run(
        [sys.executable, str(RUNNER), str(content), str(output), how, mark or "-"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if how == "none":
        assert result.returncode == 0, result.stderr[-2000:]
    return result.returncode


def files_containing(output: Path, word: str) -> list[str]:
    return sorted(
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and word.encode() in p.read_bytes()
    )


@pytest.mark.parametrize(
    ("how", "mark"),
    [
        ("KILL", "post-05"),  # among the post pages
        ("INT", "post-05"),
        ("KILL", "cited-works"),  # after the citation downloads, before the caches are saved
    ],
)
def test_reverting_after_an_interrupted_build_publishes_no_stale_file(tmp_path, how, mark):
    content = write_posts(tmp_path / "content", posts("Orignlqx"))
    output = tmp_path / "output"
    run(content, output)
    assert files_containing(output, "Modifdqx") == []

    write_posts(content, posts("Modifdqx"))
    code = run(content, output, how, mark)
    assert code != 0  # the build really died part-way
    half_done = files_containing(output, "Modifdqx")
    assert half_done, "the interrupted build wrote nothing edited: the test proves nothing"
    assert len(half_done) < len(files_containing(output, "Orignlqx")) + len(half_done)

    write_posts(content, posts("Orignlqx"))
    run(content, output)
    assert files_containing(output, "Modifdqx") == []
    assert any(
        name.endswith("post-05-citation.bib") for name in files_containing(output, "Orignlqx")
    )
