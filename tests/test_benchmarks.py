"""Benchmark scripts never write into the runner's outputs folder (``make run`` would then refuse it)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest
from newsframe.paths import OUTPUTS_DIR, PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_validate_cleaning_writes_its_predictions_to_an_ignored_benchmarks_folder(tmp_path: Path) -> None:
    script = _load("validate_cleaning")
    assert BENCHMARKS in script.DEFAULT_OUT.parents and OUTPUTS_DIR not in script.DEFAULT_OUT.parents
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(script.DEFAULT_OUT / "PRED-text.json")], cwd=PROJECT_ROOT, check=False
    )
    assert ignored.returncode == 0, f"{script.DEFAULT_OUT} must be git-ignored"
    assert script.prediction_folder(tmp_path / "preds").is_dir()


def test_validate_cleaning_refuses_a_folder_inside_the_runners_outputs() -> None:
    script = _load("validate_cleaning")
    with pytest.raises(SystemExit, match="only `make run` writes"):
        script.prediction_folder(OUTPUTS_DIR / "validate_cleaning")


def test_no_benchmark_script_defaults_into_the_outputs_folder() -> None:
    for path in sorted(BENCHMARKS.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"default=OUTPUTS_DIR|default=Path\(\"outputs", text), (
            f"{path.name} writes into outputs/ by default"
        )
