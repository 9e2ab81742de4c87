"""Review sits below the step kinds built on it: its modules compose none of their results
(the round results page does that in workshop/steps/views.py)."""

import ast
from pathlib import Path

import workshop

REVIEW = Path(workshop.__file__).resolve().parent / "review"
# The agenda's step form checks a new step's settings with the step kinds' own validator;
# mending that is a change of the agenda form, not of the results pages.
KNOWN = {("views.py", "workshop.steps.config")}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_review_module_imports_the_step_kinds_results():
    upward = {
        (path.name, name)
        for path in REVIEW.glob("*.py")
        for name in _imports(path)
        if name == "workshop.steps" or name.startswith("workshop.steps.")
    }
    assert upward - KNOWN == set()
