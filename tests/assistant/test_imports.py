"""The assistant's modules import each other in one direction only: no import circles, not
even through an import inside a function."""

import ast
from pathlib import Path

import workshop.assistant

PACKAGE = "workshop.assistant"
ROOT = Path(workshop.assistant.__file__).parent


def module_names() -> dict[str, Path]:
    """Every module of the assistant package by its dotted name."""
    names = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join((PACKAGE, *parts))] = path
    return names


def imported(path: Path, known: set[str]) -> set[str]:
    """The assistant's modules that ``path`` imports anywhere in its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from package import module" imports the module; "from module import name" it.
            candidates = [
                submodule if (submodule := f"{node.module}.{alias.name}") in known else node.module
                for alias in node.names
            ]
        else:
            continue
        found |= {name for name in candidates if name in known}
    return found


def cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A chain of imports that leads from ``start`` back to it, or None."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        name, chain = stack.pop()
        for target in graph[name]:
            if target == start:
                return [*chain, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*chain, target]))
    return None


def test_the_assistant_has_no_import_circle():
    modules = module_names()
    graph = {name: imported(path, set(modules)) - {name} for name, path in modules.items()}
    assert f"{PACKAGE}.flows.changing" in graph[f"{PACKAGE}.dialogue"]
    cycles = [cycle for name in graph if (cycle := cycle_from(name, graph))]
    assert cycles == []
