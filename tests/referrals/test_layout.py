"""The layout of the referrals app: the domain below, the two audiences' pages above it.

Ruff's banned-api rule (pyproject.toml) keeps domain modules from importing the pages;
these tests keep the rest of the shape: no import cycles, and no import hidden inside a
function, where it would hide a dependency (or a cycle) from the reader.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "referrals"
# Django allows importing auth's models only once the apps are loaded.
LOCAL_IMPORTS_ALLOWED = {("referrals.apps", "referrals.roles")}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" not in path.parts:
            yield module_name(path), ast.parse(path.read_text(), str(path))


def imported(node) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        # `from referrals import casework` imports the module referrals.casework.
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def project_imports(tree, *, top_level: bool, known: set[str]) -> set[str]:
    nodes = tree.body if top_level else [n for n in ast.walk(tree) if n not in tree.body]
    return {name for node in nodes for name in imported(node) if name in known}


def test_referrals_has_no_function_local_imports_of_its_own_modules():
    known = {name for name, _tree in modules()} | {"contacts.models", "portal.crypto"}
    hidden = {
        (name, target)
        for name, tree in modules()
        for target in project_imports(tree, top_level=False, known=known)
        if (name, target) not in LOCAL_IMPORTS_ALLOWED
    }
    assert not hidden


def test_referrals_modules_import_each_other_without_cycles():
    trees = dict(modules())
    graph = {name: project_imports(tree, top_level=True, known=set(trees)) - {name} for name, tree in trees.items()}
    # A package imports its own submodules (models/__init__.py); that is not a cycle.
    graph = {name: {t for t in targets if not t.startswith(name + ".")} for name, targets in graph.items()}
    cycles, done = [], set()

    def visit(name, path):
        if name in path:
            cycles.append([*path[path.index(name) :], name])
            return
        if name in done:
            return
        for target in graph.get(name, ()):
            visit(target, [*path, name])
        done.add(name)

    for name in graph:
        visit(name, [])
    assert not cycles
