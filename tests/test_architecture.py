"""The shape of the code that STYLE.md asks for, checked on every run: dependencies between
apps point one way, no project module imports another that imports it back (not even late,
inside a function), and no app module grows past the size where it should be split."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "organization",
    "audit",
    "notifications",
    "documents",
    "records",
    "calendar_sync",
    "workflows",
    "intake",
    "reports",
    "pwa",
    "api",
    "config",
)
# Which project packages each may import. organization is the base everyone shares.
ALLOWED = {
    "organization": {"organization"},
    # Knows nothing of letters: callers hand it safe labels.
    "audit": {"audit", "organization"},
    "documents": {"documents", "audit", "organization"},
    # The classification scheme and retention arithmetic; knows nothing of letters.
    "records": {"records", "organization"},
    # Knows nothing of letters: callers hand it safe text.
    "notifications": {"notifications", "organization"},
    "calendar_sync": {"calendar_sync", "notifications", "organization"},
    "workflows": {
        "workflows",
        "audit",
        "documents",
        "records",
        "calendar_sync",
        "notifications",
        "organization",
    },
    "intake": {
        "intake",
        "workflows",
        "records",
        "documents",
        "calendar_sync",
        "notifications",
        "organization",
    },
    # About letters: reads workflows (and what it stands on); nothing but config imports it.
    "reports": {
        "reports",
        "audit",
        "workflows",
        "documents",
        "calendar_sync",
        "notifications",
        "organization",
    },
    "pwa": {"pwa", "organization"},
    # The REST API may read and drive every app; nothing but config imports it.
    "api": {
        "api",
        "intake",
        "workflows",
        "records",
        "documents",
        "calendar_sync",
        "notifications",
        "organization",
    },
    "config": set(APPS),
}
# Modules whose size is data, not logic: demo letters, migrations.
SIZE_EXEMPT = ("migrations", "demo")
MAX_LINES = 450


def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            found[".".join(parts)] = path
    return found


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Project modules ``path`` imports anywhere in its body (top-level or inline),
    except under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, name, set(known)) for name, path in known.items()}


def test_apps_depend_one_way(graph):
    wrong = [
        f"{name} imports {target}"
        for name, targets in graph.items()
        for target in targets
        if target.split(".")[0] not in ALLOWED[name.split(".")[0]]
    ]
    assert wrong == []


def test_no_import_circle_between_project_modules(graph):
    """A package may re-export its submodules; a submodule importing the package's
    re-exports back would close a circle."""

    def reaches(start: str, goal: str) -> list[str] | None:
        stack, seen = [(start, [start])], {start}
        while stack:
            node, path = stack.pop()
            for target in graph.get(node, ()):
                if target == goal:
                    return [*path, goal]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
        return None

    circles = []
    for name, targets in graph.items():
        for target in targets:
            back = reaches(target, name)
            if back is not None:
                circles.append(" -> ".join([name, *back]))
    assert circles == []


def test_no_app_module_outgrows_a_module(graph):
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for name, path in modules().items()
        if not any(part in SIZE_EXEMPT for part in name.split("."))
        and (lines := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []
