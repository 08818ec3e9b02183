"""Project wiring: environment.yml matches pyproject.toml, the lock pins every dependency, CI runs the README's command."""

from __future__ import annotations

import re
import tomllib

from newsframe.paths import PROJECT_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_dependencies() -> list[str]:
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def test_environment_yml_lists_the_pyproject_dependencies_exactly() -> None:
    lines = (PROJECT_ROOT / "environment.yml").read_text().splitlines()
    pip_section = [
        line.strip()[2:] for line in lines if line.startswith("      - ") and not line.strip().startswith("- -e")
    ]
    assert sorted(pip_section) == sorted(_pyproject_dependencies())


def test_lock_file_pins_every_dependency() -> None:
    pinned = {_name(line) for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines() if "==" in line}
    missing = {_name(dep) for dep in _pyproject_dependencies()} - pinned
    assert not missing, f"requirements.lock lacks {missing}; run `make lock`"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make run" in readme
    assert [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == ["make test"]


def test_no_runtime_downloads_anywhere() -> None:
    offenders = [
        path
        for folder in ("lib", "notebooks", "benchmarks")
        for path in (PROJECT_ROOT / folder).rglob("*")
        if path.suffix in (".py", ".ipynb")
        and re.search(r"nltk\.download|download_corpora", path.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_make_test_runs_the_pinned_lint_first_and_test_fast_leaves_out_the_slow_tests() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r"^test: .*\blint\b", makefile, re.MULTILINE), "make test must run make lint first"
    assert "ruff check ." in makefile and "ruff format --check ." in makefile
    assert re.search(r'^test-fast:.*\n(?:\t.*\n)*\t.*-m "not slow"', makefile, re.MULTILINE)
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    ruff_pin = next(dep for dep in pyproject["project"]["optional-dependencies"]["test"] if _name(dep) == "ruff")
    assert ruff_pin.startswith("ruff==") and ruff_pin in (PROJECT_ROOT / "requirements.lock").read_text().splitlines()
    assert any(marker.startswith("slow:") for marker in pyproject["tool"]["pytest"]["ini_options"]["markers"])
