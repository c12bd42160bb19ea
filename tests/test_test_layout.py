"""The suite's own layout: shared helpers live in tests/support/, so no module imports a test
module or a conftest (that would run its tests' module code twice, tie unrelated tests together
and hide the helper where nobody looks for it)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def _module_file(name: str) -> Path | None:
    """The file that `import name` loads from the repository, if any."""
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(path: Path, tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every module an import statement may load, at any depth."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                module = f"{anchor}.{module}" if module else anchor
            yield node.lineno, module
            for alias in node.names:  # `from tests.x import test_y` loads a module too
                yield node.lineno, f"{module}.{alias.name}"


def _is_test_or_conftest(file: Path) -> bool:
    return file.name == "conftest.py" or file.name.startswith("test_")


def test_no_module_imports_a_test_module_or_a_conftest() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in _imported_modules(path, tree):
            file = _module_file(name)
            if file is not None and _is_test_or_conftest(file):
                offenders.append(
                    f"{path.relative_to(ROOT)}:{line} imports {name}: "
                    "move what it needs to tests/support/"
                )
    assert not offenders, "\n".join(offenders)
