"""A damaged reader cache (full disk, killed build) is discarded with one notice, the
build carries on and rebuilds it; the next build reads the new cache silently."""

from __future__ import annotations

from pathlib import Path

from conftest import build_site, write_posts


def test_a_truncated_reader_cache_is_discarded_and_rebuilt(tmp_path):
    content = write_posts(
        tmp_path / "content",
        {
            f"posts/p{n}.md": f"---\ntitle: Post {n}\ndate: 2024-01-0{n}\n---\nBody {n}.\n"
            for n in (1, 2)
        },
    )
    output = tmp_path / "output"
    build_site(output, content=content)
    caches = [p for p in Path(f"{output}-cache").rglob("*Readers*") if p.is_file()]
    assert caches, "the reader cache was not written: the test proves nothing"
    for path in caches:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # what a full disk leaves behind
    (output / "index.html").unlink()  # so the build runs (nothing else changed)

    build = build_site(output, content=content)
    notices = [m for m in build.messages() if "build cache" in m and "discarded" in m]
    assert len(notices) == len(caches)
    assert "Body 2." in (output / "posts" / "2024" / "p2" / "index.html").read_text()

    again = build_site(output, content=content)
    assert not [m for m in again.messages() if "build cache" in m]
    assert not list(Path(f"{output}-cache").rglob("*.tmp"))
