"""Normalized root mean squared error against a NumPy formula."""

from functools import partial

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from regression_inputs import assert_rejected, batches

NORMALIZATIONS = ["mean", "range", "std", "l2"]


def _nrmse(normalization, num_outputs=1):
    def reference(preds, target):
        if num_outputs == 1:
            preds, target = preds.reshape(-1), target.reshape(-1)
        rmse = np.sqrt(np.mean((preds - target) ** 2, axis=0))
        denominator = {
            "mean": lambda: target.mean(0),
            "range": lambda: target.max(0) - target.min(0),
            "std": lambda: target.std(0),
            "l2": lambda: np.sqrt((target**2).sum(0)),
        }[normalization]()
        return rmse / denominator

    return reference


@pytest.mark.parametrize("normalization", NORMALIZATIONS)
@pytest.mark.parametrize("num_outputs", [1, 3])
def test_against_numpy(normalization, num_outputs, device):
    check_metric(
        partial(mr.NormalizedRootMeanSquaredError, normalization=normalization, num_outputs=num_outputs),
        batches(outputs=None if num_outputs == 1 else num_outputs, low=0.5, high=2.0),
        _nrmse(normalization, num_outputs),
        functional=partial(mf.normalized_root_mean_squared_error, normalization=normalization, num_outputs=num_outputs),
        rtol=1e-4,
        device=device,
    )


def test_one_output_flattens_any_shape():
    preds, target = torch.rand(4, 3, 2), torch.rand(4, 3, 2)
    value = mf.normalized_root_mean_squared_error(preds, target, normalization="std")
    assert_close(value, _nrmse("std")(preds.numpy(), target.numpy()), rtol=1e-5)


def test_bad_input_is_rejected_without_state_change():
    good = batches(sizes=(4,), outputs=2)[0]
    metric = mr.NormalizedRootMeanSquaredError(num_outputs=2)
    assert_rejected(metric, good, (torch.rand(4, 3), torch.rand(4, 3)), "num_outputs=2")
    assert_rejected(metric, good, (torch.rand(4, 2), torch.rand(3, 2)), "same shape")


@pytest.mark.parametrize("kwargs", [{"normalization": "max"}, {"num_outputs": 0}])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        mr.NormalizedRootMeanSquaredError(**kwargs)
