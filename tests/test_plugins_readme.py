"""plugins/README.md names every plugin, and every module or name it mentions exists."""

from __future__ import annotations

import ast
from pathlib import Path
import re

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
README = (PLUGINS / "README.md").read_text(encoding="utf-8")
PLUGIN_NAMES = sorted(p.name for p in PLUGINS.iterdir() if (p / "__init__.py").is_file())


def top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def exists(dotted: str) -> bool:
    """``pkg.module`` is a module; ``pkg.module.name`` a name defined in it."""
    parts = dotted.split(".")
    if parts[0] not in PLUGIN_NAMES:
        parts.insert(0, "meded_core")  # `shared.cited_works` is meded_core.shared's
    for cut in range(len(parts), 0, -1):
        folder = PLUGINS.joinpath(*parts[:cut])
        module = folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")
        if module.is_file():
            rest = parts[cut:]
            return not rest or (len(rest) == 1 and rest[0] in top_level_names(module))
    return False


def mentioned_names() -> list[str]:
    quoted = re.findall(r"`([a-z_]+(?:\.[A-Za-z_]+)+)`", README)
    core = {p.stem for p in (PLUGINS / "meded_core").glob("*.py")}
    files = (".py", ".md", ".yml", ".json")
    return [
        n for n in quoted if n.split(".")[0] in {*PLUGIN_NAMES, *core} and not n.endswith(files)
    ]


def test_every_plugin_folder_has_a_row():
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", README, re.M))
    assert len(PLUGIN_NAMES) > 15
    assert set(PLUGIN_NAMES) - rows == set()
    assert rows - set(PLUGIN_NAMES) == set()


def test_every_module_and_name_mentioned_exists():
    names = mentioned_names()
    assert len(names) > 10
    assert [name for name in names if not exists(name)] == []


def test_a_renamed_module_would_be_caught():
    assert exists("citations.lookup") and exists("authors.registry.registry_for")
    assert not exists("citations.library") and not exists("authors.registry.no_such_name")


def test_the_shared_interfaces_listed_for_meded_core_are_its_modules():
    row = next(line for line in README.splitlines() if line.startswith("| `meded_core` |"))
    listed = re.findall(r"`([a-z_]+)`", row.split("|")[3])
    assert len(listed) >= 5
    assert [n for n in listed if not (PLUGINS / "meded_core" / f"{n}.py").is_file()] == []
