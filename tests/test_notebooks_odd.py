"""Every notebook runs to the end on odd corpora: no dates, no English, one article, no quotes, only implausible dates.

The corpora are small folders written for this test (``tests/corpora/odd-*``).  Executing the
four notebooks on five corpora through the runner would start twenty kernels; instead each
notebook gets one kernel, two notebooks at a time, and runs on every corpus in turn with that
corpus's parameters injected after its parameters cell, as papermill does.  The kernel's
namespace is reset between corpora (``%reset -f``), so a variable left by an earlier corpus
cannot hide a cell that fails; imported modules stay, which is what makes this cheap.  The
validation data is pointed at a missing path: those sections do not depend on the corpus.
"""

from __future__ import annotations

import copy
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from newsframe.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from newsframe.pipeline import analyze
from newsframe.run import KERNEL_ARGUMENTS, KERNEL_NAME, discover_notebooks

# runs the runner, a notebook, a browser or JupyterLab in a subprocess: left out of `make test-fast`
pytestmark = pytest.mark.slow

CORPORA = sorted(p for p in (Path(__file__).parent / "corpora").glob("odd-*") if p.is_dir())
NOTEBOOKS = discover_notebooks(NOTEBOOKS_DIR)
MISSING = str(PROJECT_ROOT / "tests" / "corpora" / "no-such-validation-data")
OVERRIDES = {"sentiment_dev_path": MISSING, "newsmtsc_dir": MISSING, "n_boot": 200}


def _execute_on_every_corpus(notebook: Path, outputs: dict[str, Path]) -> dict[str, str]:
    """Run ``notebook`` once per corpus in one kernel; return ``{corpus: error}`` for the runs that failed."""
    source = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        source,
        kernel_name=KERNEL_NAME,
        timeout=600,
        resources={"metadata": {"path": str(PROJECT_ROOT)}},
        extra_arguments=KERNEL_ARGUMENTS,
    )
    cells = [
        copy.deepcopy(cell) for cell in source.cells if cell.cell_type == "code"
    ]  # nbclient writes executed cells back into source
    failures = {}
    with client.setup_kernel():
        for name, output_dir in outputs.items():
            client.execute_cell(nbformat.v4.new_code_cell("%reset -f"), 0)
            index = 0
            try:
                for cell in cells:
                    client.execute_cell(copy.deepcopy(cell), index)
                    index += 1
                    if "parameters" in cell.metadata.get("tags", []):
                        declared = {line.split("=")[0].strip() for line in cell.source.splitlines() if "=" in line}
                        values = {
                            "corpus": str(PROJECT_ROOT / "tests" / "corpora" / name),
                            "output_dir": str(output_dir),
                            **{key: value for key, value in OVERRIDES.items() if key in declared},
                        }
                        injected = "\n".join(f"{key} = {json.dumps(value)}" for key, value in values.items())
                        client.execute_cell(nbformat.v4.new_code_cell(injected), index)
            except CellExecutionError as error:
                failures[name] = f"cell {index}: {str(error).strip().splitlines()[-1]}"
    return failures


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each corpus analysed once into the cache of its own output folder, which every kernel then reads."""
    root = tmp_path_factory.mktemp("odd")
    outputs = {corpus.name: root / corpus.name for corpus in CORPORA}
    for corpus in CORPORA:
        analyze(corpus, cache_dir=outputs[corpus.name] / "cache", progress=False)
    return outputs


@pytest.fixture(scope="module")
def odd_runs(analysed: dict[str, Path]) -> dict[str, Path]:
    outputs = analysed
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="odd-notebook") as pool:
        failures = dict(zip(NOTEBOOKS, pool.map(lambda nb: _execute_on_every_corpus(nb, outputs), NOTEBOOKS)))
    assert not {nb.stem: failed for nb, failed in failures.items() if failed}, "notebooks that stopped on an odd corpus"
    return outputs


def test_the_corpora_are_as_odd_as_their_names(analysed: dict[str, Path]) -> None:
    assert [corpus.name for corpus in CORPORA] == [
        "odd-implausible-dates",
        "odd-no-dates",
        "odd-no-quotes",
        "odd-non-english",
        "odd-single",
    ]
    facts = {
        corpus.name: analyze(corpus, cache_dir=analysed[corpus.name] / "cache", progress=False) for corpus in CORPORA
    }
    assert facts["odd-no-dates"].timeline.empty and facts["odd-no-dates"].articles["published"].isna().all()
    assert (facts["odd-non-english"].articles["language"] != "en").all()
    assert len(facts["odd-single"].articles) == 1
    assert facts["odd-no-quotes"].quotes.empty
    implausible = facts["odd-implausible-dates"].timeline
    assert len(implausible) and implausible["date_start"].isna().all()
    assert all(analysis.errors.empty for analysis in facts.values())


def test_every_notebook_runs_to_the_end_on_every_odd_corpus(odd_runs: dict[str, Path]) -> None:
    for name, output_dir in odd_runs.items():
        for notebook in NOTEBOOKS:
            assert list((output_dir / "tables" / notebook.stem).glob("*.csv")), (
                f"{notebook.stem} wrote no table on {name}"
            )
    errors = pd.read_csv(odd_runs["odd-single"] / "tables" / "00-corpus-overview" / "errors.csv")
    assert list(errors.columns) == ["doc_id", "stage", "error", "message"] and errors.empty
    timeline = pd.read_csv(
        odd_runs["odd-implausible-dates"] / "tables" / "03-timeline" / "timeline.csv", keep_default_na=False
    )
    assert set(timeline["granularity"]) == {"out_of_window"} and set(timeline["date_start"]) == {""}
