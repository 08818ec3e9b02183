"""Project paths, derived from this package's location rather than the current directory.

papermill runs a notebook in whatever directory the caller is in, so nothing in
newsframe may depend on ``os.getcwd()``.  ``PROJECT_ROOT`` is the checkout that holds
``lib/newsframe`` (the package is installed editable); when the package is installed
elsewhere, it falls back to the current directory, where ``seeds/`` and ``outputs/``
are then expected.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def _find_project_root() -> Path:
    candidate = PACKAGE_DIR.parent.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "notebooks").is_dir():
        return candidate
    return Path.cwd().resolve()


PROJECT_ROOT = _find_project_root()
SEEDS_DIR = PROJECT_ROOT / "seeds"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
REPORTS_DIR = PROJECT_ROOT / "reports"
NLTK_DATA_DIR = PROJECT_ROOT / ".nltk_data"
# Inside an output or reports folder: the runner's marker, and its staging folder for a run in progress.
FOLDER_MARKER = ".newsframe-folder.json"
STAGING_DIRNAME = ".newsframe-staging"
CACHE_DIRNAME = "cache"


def cache_location(output_dir: Path) -> Path:
    """The analysis cache of an output folder: ``<output_dir>/cache``.

    The one place that says where it is, so the runner warms the cache the notebooks read.
    """
    return output_dir / CACHE_DIRNAME


def resolve_project_path(path: str | Path) -> Path:
    """Resolve a user-given path: absolute as is, relative against ``PROJECT_ROOT``.

    Notebook parameters such as ``corpus = "seeds"`` therefore mean the same thing
    whether the notebook runs from JupyterLab, papermill or a test's temporary folder.
    """
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = PROJECT_ROOT / candidate
    return candidate.resolve()
