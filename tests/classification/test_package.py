"""The package: light import, lazy exports, registration through the metrics_core plugin hook."""

from __future__ import annotations

import subprocess
import sys

import metrics_classification
import metrics_classification.functional
import pytest
from metrics_core import registry


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def test_import_is_light():
    imported = _run(
        "import sys, metrics_classification;"
        "print(sorted(m for m in sys.modules if m == 'torch' or m.startswith('metrics_classification.')))"
    )
    assert imported == "[]"


def test_listing_names_imports_no_metric_module():
    out = _run(
        "import sys; from metrics_core import registry;"
        "names = registry.names(domain='classification');"
        "print('MulticlassAccuracy' in names, any(m.startswith('metrics_classification.') and m != "
        "'metrics_classification.plugin' for m in sys.modules))"
    )
    assert out == "True False"


@pytest.mark.parametrize("name", [name for name in metrics_classification.__all__ if name != "__version__"])
def test_every_export_is_registered(name):
    cls = getattr(metrics_classification, name)
    assert registry.get(name) is cls
    assert registry.info(name).domain == "classification"


def test_registry_creates_task_metrics():
    metric = registry.create("Accuracy", task="multiclass", num_classes=3)
    assert type(metric) is metrics_classification.MulticlassAccuracy


def test_functional_exports():
    for name in metrics_classification.functional.__all__:
        assert callable(getattr(metrics_classification.functional, name))


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="NoSuchMetric"):
        metrics_classification.NoSuchMetric  # noqa: B018
