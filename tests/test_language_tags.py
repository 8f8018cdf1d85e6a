"""``lang`` is a checked BCP 47 tag: a bad one is a problem with its line, the post keeps
its address and the site language, and the search index is still built."""

from __future__ import annotations

from conftest import build_site, write_posts

BAD = {"typo": "englsh", "long": "en-" + "x" * 300, "underscore": "en_GB"}


def test_bad_language_tags_are_problems_and_move_nothing(tmp_path):
    posts = {
        f"posts/{name}.md": f"---\ntitle: {name}\ndate: 2024-01-02\nlang: {lang}\n---\nWords.\n"
        for name, lang in BAD.items()
    }
    posts["posts/french.md"] = "---\ntitle: french\ndate: 2024-01-03\nlang: fr\n---\nMots.\n"
    content = write_posts(tmp_path / "content", posts)
    output = tmp_path / "output"
    build = build_site(output, content=content, pagefind=True)
    messages = build.messages()
    for name in BAD:
        assert any(f"{name}.md:4: lang:" in m for m in messages), (name, messages)
        page = output / "posts" / "2024" / name / "index.html"
        assert page.is_file(), name
        assert '<html lang="en"' in page.read_text(encoding="utf-8")
    assert not any("french.md:4: lang" in m for m in messages)
    assert (output / "pagefind" / "pagefind-entry.json").is_file()
    assert not any("search index not built" in m for m in messages)
