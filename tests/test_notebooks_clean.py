"""The committed notebooks stay diff-friendly and runnable by papermill.

Every ``notebooks/NN-name.ipynb`` is valid nbformat 4, has no outputs and no execution
counts (executed copies are build output), uses the plain ``python3`` kernelspec, and has a
first code cell tagged ``parameters`` that only assigns plain literals (papermill injects its
overrides after that cell, so derived values must come later).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from newsframe.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
NAME = re.compile(r"^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$")


@pytest.fixture(params=NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def notebook(request: pytest.FixtureRequest) -> tuple[Path, nbformat.NotebookNode]:
    path = request.param
    node = nbformat.read(path, as_version=4)
    nbformat.validate(node)
    return path, node


def test_there_are_notebooks_to_check() -> None:
    assert (NOTEBOOKS_DIR / "00-corpus-overview.ipynb") in NOTEBOOKS


def test_name_is_numbered_in_reading_order(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    path, _ = notebook
    assert NAME.match(path.name), f"{path.name}: name it NN-words-with-dashes.ipynb"


def test_has_no_outputs_or_execution_counts(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    path, node = notebook
    dirty = [
        index
        for index, cell in enumerate(node.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert dirty == [], f"{path.name}: cells {dirty} have outputs; clear them before committing"


def test_uses_the_python3_kernelspec(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    path, node = notebook
    assert node.metadata.get("kernelspec", {}).get("name") == "python3", path.name


def test_first_code_cell_holds_literal_parameters(notebook: tuple[Path, nbformat.NotebookNode]) -> None:
    path, node = notebook
    first = next((cell for cell in node.cells if cell.cell_type == "code"), None)
    assert first is not None, f"{path.name} has no code cell"
    assert "parameters" in first.metadata.get("tags", []), f"{path.name}: tag the first code cell `parameters`"
    for statement in ast.parse(first.source).body:
        assert isinstance(statement, ast.Assign) and len(statement.targets) == 1, (
            f"{path.name}: the parameters cell may only assign names, found {ast.unparse(statement)!r}"
        )
        assert isinstance(statement.targets[0], ast.Name), path.name
        try:
            ast.literal_eval(statement.value)
        except ValueError:
            pytest.fail(
                f"{path.name}: parameter {ast.unparse(statement)!r} is not a plain literal; derive it in the next cell"
            )
