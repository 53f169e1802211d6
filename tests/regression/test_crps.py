"""Continuous ranked probability score against the ensemble formula in NumPy."""

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import check_metric
from regression_inputs import assert_rejected


def _crps(preds, target):
    preds, target = preds.astype(np.float64), target.astype(np.float64)
    spread_to_target = np.abs(preds - target[:, None]).mean(1)
    pairwise = np.abs(preds[:, :, None] - preds[:, None, :]).mean((1, 2)) / 2
    return np.mean(spread_to_target - pairwise)


@pytest.mark.parametrize("members", [2, 7])
def test_against_numpy(members, device):
    generator = torch.Generator().manual_seed(members)
    inputs = [
        (torch.randn(size, members, generator=generator), torch.randn(size, generator=generator)) for size in (5, 8)
    ]
    check_metric(
        mr.ContinuousRankedProbabilityScore,
        inputs,
        _crps,
        functional=mf.continuous_ranked_probability_score,
        rtol=1e-5,
        device=device,
    )


def test_integer_inputs():
    preds, target = torch.tensor([[0, 2, 3], [1, 1, 4]]), torch.tensor([1, 5])
    expected = _crps(preds.numpy(), target.numpy())
    value = mf.continuous_ranked_probability_score(preds, target)
    assert value.dtype == torch.float32
    assert abs(value.item() - expected) < 1e-6
    metric = mr.ContinuousRankedProbabilityScore()
    metric.update(preds, target)
    assert abs(metric.compute().item() - expected) < 1e-6


def test_bad_input_is_rejected_without_state_change():
    good = (torch.randn(3, 4), torch.randn(3))
    metric = mr.ContinuousRankedProbabilityScore()
    assert_rejected(metric, good, (torch.randn(3, 4), torch.randn(2)), r"\(N, M\)")
    assert_rejected(metric, good, (torch.randn(3, 1), torch.randn(3)), "at least 2 ensemble members")
