"""The fork server's preload: NLTK without SciPy and scikit-learn (which stay importable afterwards), then frozen."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from newsframe.worker_imports import hidden_modules

PROBE = """
import gc, json, sys
import newsframe.worker_preload
loaded = {name: name in sys.modules for name in ("nltk", "textblob", "newsframe.sentiment", "scipy", "sklearn")}
frozen = gc.get_freeze_count()
from nltk.sentiment.vader import SentimentIntensityAnalyzer
from newsframe.nltk_data import ensure_nltk_data
ensure_nltk_data()
score = SentimentIntensityAnalyzer().polarity_scores("The summit was not a great success, sadly.")["compound"]
import scipy.stats, sklearn
print(json.dumps({"loaded": loaded, "score": score, "frozen": frozen, "later": "scipy.stats" in sys.modules and "sklearn" in sys.modules}))
"""


@pytest.mark.slow
def test_the_preload_imports_the_stages_without_nltk_extras() -> None:
    completed = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    found = json.loads(completed.stdout.strip().splitlines()[-1])
    assert found["loaded"] == {
        "nltk": True,
        "textblob": True,
        "newsframe.sentiment": True,
        "scipy": False,
        "sklearn": False,
    }
    assert found["later"], "SciPy and scikit-learn must stay importable in a worker"
    assert found["frozen"] > 10_000, "the imported modules' objects are frozen before the server forks"
    from newsframe.nltk_data import ensure_nltk_data
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    ensure_nltk_data()
    assert (
        found["score"]
        == SentimentIntensityAnalyzer().polarity_scores("The summit was not a great success, sadly.")["compound"]
    )


def test_importing_worker_imports_imports_nothing_until_called() -> None:
    probe = (
        "import gc, json, sys; import newsframe.worker_imports; "
        "print(json.dumps([name in sys.modules for name in ('nltk', 'newsframe.sentiment')] + [gc.get_freeze_count()]))"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(completed.stdout.strip().splitlines()[-1]) == [False, False, 0]


def test_hidden_modules_fail_to_import_only_inside_the_block() -> None:
    name = "newsframe_test_module_that_is_hidden"
    with hidden_modules([name, "json"]):
        with pytest.raises(ImportError):
            __import__(name)
        assert sys.modules["json"] is json, "modules imported before are left alone"
    assert name not in sys.modules
