"""Imports go one way (DESIGN.md, Architecture): the channels speak to flows and reports,
flows to storage, and storage to none of ours; only the channels know Telegram."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OURS = {"app", "bot", "web", "flows", "reports", "storage", "sandbox"}

# package -> the packages (ours and telegram) it must never import
FORBIDDEN: dict[str, set[str]] = {
    "storage": OURS - {"storage"} | {"telegram"},
    "flows": {"app", "bot", "web", "reports", "sandbox", "telegram"},
    "app": {"sandbox"},
    "reports": {"app", "bot", "web", "storage", "sandbox", "telegram"},
    "bot": {"app", "web", "storage", "sandbox"},
    "web": {"app", "bot", "storage", "sandbox"},
}


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports, anywhere in it."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def crossings() -> list[str]:
    found = []
    for package, banned in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            found += [f"{where} imports {name}" for name in sorted(imported(path) & banned)]
    return found


def test_imports_go_one_way() -> None:
    assert crossings() == []


def test_the_check_sees_a_crossing(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from storage.records import Session\n", encoding="utf-8")
    assert imported(module) == {"storage"}
