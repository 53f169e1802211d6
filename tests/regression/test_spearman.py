"""Spearman rank correlation against SciPy, and the seed example of its list states."""

from functools import partial

import metrics_regression as mr
import metrics_regression.functional as mf
import pytest
import torch
from metric_harness import assert_close, check_metric
from regression_inputs import assert_rejected, batches, per_output
from scipy.stats import spearmanr

pytestmark = pytest.mark.filterwarnings("ignore:Metric `SpearmanCorrcoef` will save")


def _spearman(preds, target):
    return spearmanr(preds, target)[0]


@pytest.mark.parametrize("num_outputs", [1, 2])
@pytest.mark.parametrize("ties", [False, True])
def test_against_scipy(num_outputs, ties, device):
    inputs = batches(outputs=None if num_outputs == 1 else num_outputs, sizes=(8, 12, 5), seed=5)
    if ties:
        inputs = [(preds.mul(3).round(), target.mul(3).round()) for preds, target in inputs]
    check_metric(
        partial(mr.SpearmanCorrCoef, num_outputs=num_outputs),
        inputs,
        per_output(_spearman),
        functional=mf.spearman_corrcoef,
        rtol=1e-4,
        device=device,
    )


def test_seed_metric_state():
    """Seed 000: the list states after two forwards of two samples each."""
    torch.manual_seed(42)
    metric = mr.SpearmanCorrCoef()
    metric(torch.rand(2), torch.rand(2))
    assert str(metric.metric_state) == "{'preds': [tensor([0.8823, 0.9150])], 'target': [tensor([0.3829, 0.9593])]}"
    metric(torch.rand(2), torch.rand(2))
    assert str(metric.metric_state) == (
        "{'preds': [tensor([0.8823, 0.9150]), tensor([0.3904, 0.6009])],"
        " 'target': [tensor([0.3829, 0.9593]), tensor([0.2566, 0.7936])]}"
    )


def test_construction_warns_about_memory():
    with pytest.warns(UserWarning, match="save all targets and predictions"):
        mr.SpearmanCorrCoef()


def test_constant_input_gives_zero():
    assert_close(mf.spearman_corrcoef(torch.ones(5), torch.rand(5)), 0.0)


def test_bad_input_is_rejected_without_state_change():
    good = batches(sizes=(4,))[0]
    assert_rejected(mr.SpearmanCorrCoef(), good, (torch.rand(4), torch.rand(3)), "same shape")
    assert_rejected(mr.SpearmanCorrCoef(), good, (torch.arange(4), torch.arange(4)), "floating point", TypeError)
    assert_rejected(mr.SpearmanCorrCoef(num_outputs=2), (torch.rand(3, 2), torch.rand(3, 2)), good, "num_outputs=2")
