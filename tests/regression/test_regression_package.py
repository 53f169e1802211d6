"""The package as a whole: plugin registration, lazy imports, devices, seeds, class attributes."""

import subprocess
import sys

import metrics_regression
import metrics_regression.functional
import pytest
import torch
from metric_harness import assert_close
from metrics_core import Metric, registry

CLASSES = sorted(metrics_regression.METRIC_MODULES)
INPUTS = {
    "ContinuousRankedProbabilityScore": (torch.rand(4, 3), torch.rand(4)),
    "CosineSimilarity": (torch.rand(4, 3), torch.rand(4, 3)),
    "KLDivergence": (torch.rand(4, 3), torch.rand(4, 3)),
    "JensenShannonDivergence": (torch.rand(4, 3), torch.rand(4, 3)),
}
ARGUMENTS = {"MinkowskiDistance": {"p": 2}, "CriticalSuccessIndex": {"threshold": 0.5}}


def _build(name):
    return registry.create(name, **ARGUMENTS.get(name, {}))


def test_every_class_is_registered_lazily():
    assert len(CLASSES) == 22
    assert sorted(registry.names(domain="regression")) == CLASSES
    for name in CLASSES:
        cls = registry.get(name)
        assert cls is getattr(metrics_regression, name)
        assert issubclass(cls, Metric)
        assert registry.info(name).distribution == "metrics-regression"


def test_import_and_listing_load_no_metric_module():
    code = (
        "import sys, metrics_regression; from metrics_core import registry; registry.names();"
        "print(sorted(m for m in sys.modules if m.startswith('metrics_regression.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['metrics_regression.plugin']"


def test_functional_exports():
    assert len(metrics_regression.functional.__all__) == 22
    for name in metrics_regression.functional.__all__:
        assert callable(getattr(metrics_regression.functional, name))


@pytest.mark.filterwarnings("ignore:Metric `SpearmanCorrcoef`")
@pytest.mark.parametrize("name", CLASSES)
def test_class_attributes_and_device_check(name):
    metric = _build(name)
    assert metric.full_state_update is False
    assert metric._update_merges_last is True
    assert isinstance(metric.is_differentiable, bool)
    preds, target = INPUTS.get(name, (torch.rand(4) + 0.1, torch.rand(4) + 0.1))
    with pytest.raises(ValueError, match=r"is on meta but the states of .* are on cpu"):
        metric.update(preds.to("meta"), target.to("meta"))
    metric.update(preds, target)
    assert metric.update_count == 1


@pytest.mark.filterwarnings("ignore:Metric `SpearmanCorrcoef`")
@pytest.mark.parametrize("name", CLASSES)
def test_runs_on_the_device_under_test(name, device):
    metric = _build(name).to(device)
    preds, target = INPUTS.get(name, (torch.rand(6) + 0.1, torch.rand(6) + 0.1))
    value = metric(preds.to(device), target.to(device))
    metric.update(preds.to(device), target.to(device))
    computed = metric.compute()
    for result in (value, computed):
        for tensor in result if isinstance(result, tuple) else (result,):
            assert tensor.device.type == device.type


def test_seed_mean_squared_error():
    """Seed 002: MeanSquaredError on integer predictions and targets."""
    metric = registry.create("MeanSquaredError")
    metric(torch.tensor([2, 1, 2, 0, 1, 2, 2, 2]), torch.tensor([0, 2, 0, 2, 0, 1, 0, 2]))
    assert str(metric.compute()) == "tensor(2.3750)"
    assert_close(metric.compute(), 2.375)
