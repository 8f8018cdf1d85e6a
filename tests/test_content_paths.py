"""Publishing reads only content/ (and the theme) and writes only output/.

Traversing ``save_as``/``url``/``slug``, a ``template`` outside the theme, ``bibliography``
paths outside content/, registry ``photo``/``website`` with ``../`` and symlinks in
content/ are each a content problem with file, line and field; the build finishes, writes
nothing outside output/ and publishes nothing from outside content/.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import build_site, write_posts

SECRET = "SECRET-OUTSIDE-CONTENT"


def post(title: str, extra: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-02-01\n{extra}\n---\nBody of {title}. [@outside]\n"


def files_outside(base: Path, keep: set[str]) -> set[str]:
    return {
        p.relative_to(base).as_posix()
        for p in base.rglob("*")
        if p.is_file() and p.relative_to(base).parts[0] not in keep
    }


def test_nothing_outside_content_is_read_and_nothing_outside_output_written(tmp_path):
    project = tmp_path / "project"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret.jpg").write_bytes(b"\xff\xd8" + SECRET.encode())
    (outside / "refs.bib").write_text(
        f"@article{{outside, title = {{{SECRET}}}, year = 2020}}\n", encoding="utf-8"
    )
    style = (Path(__file__).parent / "fixtures" / "safety" / "hostile-delimiter.csl").read_text()
    (outside / "style.csl").write_text(style.replace("Hostile delimiter", SECRET), encoding="utf-8")
    (outside / "linked-post.md").write_text(post("Linked", ""), encoding="utf-8")
    content = write_posts(
        project / "content",
        {
            "authors.yml": "ana:\n  name: Ana\n  photo: ../../outside/secret.jpg\n"
            "  website: ../../outside/secret.txt\n",
            "posts/save.md": post("Save", "save_as: ../../escaped-save.html"),
            "posts/slug.md": post("Slug", "slug: ../../../escaped-slug"),
            "posts/url.md": post("Url", "url: ../../outside/"),
            "posts/template.md": post("Template", "template: ../../../../outside/secret"),
            "posts/absolute.md": post("Absolute", f"bibliography: {outside / 'refs.bib'}"),
            "posts/relative.md": post("Relative", "bibliography: ../../../outside/refs.bib"),
            "posts/style.md": post("Style", "csl: ../../../outside/style.csl"),
            "posts/scheme.md": post("Scheme", "url: javascript:alert(1)"),
        },
    )
    os.symlink(outside, content / "linked")
    os.symlink(outside / "secret.txt", content / "images-secret.txt")
    before = files_outside(tmp_path, {"project"})

    build = build_site(project / "output", content=content, STATIC_PATHS=["", "images"])

    assert files_outside(tmp_path, {"project"}) == before
    assert files_outside(project, {"content", "output", "output-cache"}) == set()
    published = [p for p in (project / "output").rglob("*") if p.is_file()]
    assert published
    assert not [p for p in published if SECRET.encode() in p.read_bytes()]
    messages = build.messages()
    expected = {
        "save.md:4: save_as": "'../../escaped-save.html' must not contain '..'",
        "slug.md:4: slug": "'../../../escaped-slug' is not a URL name",
        "url.md:4: url": "'../../outside/' must not contain '..'",
        "template.md:4: template": "is not a template of the theme",
        "absolute.md:4: bibliography": "is outside the content folder",
        "relative.md:4: bibliography": "is outside the content folder",
        "style.md:4: csl": "is outside the content folder",
        "scheme.md:4: url": "must be a path relative to the site",
        "authors.yml:3: photo": "points outside the content folder",
        "authors.yml:4: website": "points outside the content folder",
        "linked: ": "is a symbolic link",
        "images-secret.txt: ": "is a symbolic link",
    }
    for where, what in expected.items():
        assert any(where in m and what in m for m in messages), (where, messages)
    assert not any("Traceback" in m or "RuntimeError" in m for m in messages)
    assert (project / "output" / "posts" / "2024" / "escaped-slug" / "index.html").is_file()
    assert (project / "output" / "posts" / "2024" / "template" / "index.html").is_file()
