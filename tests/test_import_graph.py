"""The import graph of plugins/ and bench/ has no cycles (between modules, nor between the plugin
packages), and bench does not import tests.

A cycle means two modules cannot be understood (or changed) one without the other; hiding
it behind an import inside a function or an ``if TYPE_CHECKING:`` block keeps it, so every
import statement anywhere in a module counts. The graph is read from the source with
``ast``, nothing is imported.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def module_names(folder: Path, prefix: str = "") -> dict[str, Path]:
    """Dotted name of every module under ``folder`` (a package's name for its __init__)."""
    names = {}
    for path in sorted(folder.rglob("*.py")):
        parts = list(path.relative_to(folder).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if parts:
            names[prefix + ".".join(parts)] = path
    return names


def imported_names(tree: ast.Module, name: str, is_package: bool) -> set[str]:
    """Every dotted name a module imports, relative imports made absolute (``from a import b``
    gives ``a.b``, whether b is a module or a name in a)."""
    package = name if is_package else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def imported(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The known modules a module imports (the longest known prefix of each name)."""
    found = set()
    for target in imported_names(tree, name, is_package):
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules)
    return {
        name: imported(
            ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py", known
        )
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles, each a list of modules that import the next (first == last); one per
    edge broken to find the next, so every cycle is named at least once."""
    graph = {name: set(targets) for name, targets in graph.items()}
    found = []
    while True:
        try:
            graphlib.TopologicalSorter(graph).prepare()
        except graphlib.CycleError as error:
            loop = list(reversed(error.args[1]))
            found.append(loop)
            graph[loop[0]].discard(loop[1])
        else:
            return found


def project_modules() -> dict[str, Path]:
    return {**module_names(ROOT / "plugins"), **module_names(ROOT / "bench", "bench.")}


def test_plugins_and_bench_import_each_other_without_cycles():
    found = cycles(import_graph(project_modules()))
    assert not found, "import cycles: " + "; ".join(" -> ".join(loop) for loop in found)


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Which top-level packages import which others (imports inside a package left out)."""
    packages: dict[str, set[str]] = {}
    for name, targets in graph.items():
        top = name.split(".")[0]
        packages.setdefault(top, set()).update(
            t.split(".")[0] for t in targets if t.split(".")[0] != top
        )
    return packages


def test_plugin_packages_import_each_other_without_cycles():
    """Modules can avoid a cycle while their packages keep one (a.x imports b.y, b.z
    imports a.w): then neither plugin can be understood, moved or left out without the
    other."""
    found = cycles(package_graph(import_graph(module_names(ROOT / "plugins"))))
    assert not found, "package cycles: " + "; ".join(" -> ".join(loop) for loop in found)


def test_bench_does_not_import_the_tests():
    tests = {"tests", *(path.stem for path in (ROOT / "tests").glob("*.py"))}
    from_bench = {
        (name, target)
        for name, path in module_names(ROOT / "bench", "bench.").items()
        for target in imported_names(ast.parse(path.read_text(encoding="utf-8")), name, False)
        if target.split(".")[0] in tests
    }
    assert not from_bench, f"bench imports test modules: {sorted(from_bench)}"
    changes_path = [p.name for p in (ROOT / "bench").glob("*.py") if "sys.path" in p.read_text()]
    assert not changes_path, f"bench changes its import path (to reach tests/?): {changes_path}"


def test_a_cycle_held_apart_by_an_import_inside_a_function_is_found(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "wiring.py").write_text("from .pages import write\n", encoding="utf-8")
    (package / "pages.py").write_text(
        "def write():\n    from .wiring import state\n", encoding="utf-8"
    )
    (package / "typed.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import wiring\n",
        encoding="utf-8",
    )
    graph = import_graph(module_names(tmp_path))
    assert graph["pkg.pages"] == {"pkg.wiring"} and graph["pkg.typed"] == {"pkg.wiring"}
    [loop] = cycles(graph)
    assert loop[0] == loop[-1] and sorted(loop[1:]) == ["pkg.pages", "pkg.wiring"]


def test_a_cycle_between_packages_without_one_between_modules_is_found():
    graph = {"a.x": {"b.y"}, "b.y": set(), "b.z": {"a.w"}, "a.w": set()}
    assert not cycles(graph)
    [loop] = cycles(package_graph(graph))
    assert sorted(loop[1:]) == ["a", "b"]


def test_the_people_of_the_site_are_read_only_through_meded_core():
    """The author registry belongs to the authors plugin; the others ask
    ``meded_core.people`` (and ``meded_core.shared.post_people``), never that plugin."""
    packages = package_graph(import_graph(module_names(ROOT / "plugins")))
    assert sorted(name for name, targets in packages.items() if "authors" in targets) == []
