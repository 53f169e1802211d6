"""Elementwise error metrics (MSE, MAE, MSLE, MAPE, SMAPE, WMAPE, log-cosh, Minkowski, Tweedie) against references."""

from functools import partial

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from regression_inputs import assert_rejected, batches
from scipy.spatial.distance import minkowski
from sklearn.metrics import mean_absolute_error as sk_mae
from sklearn.metrics import mean_absolute_percentage_error as sk_mape
from sklearn.metrics import mean_squared_error as sk_mse
from sklearn.metrics import mean_squared_log_error as sk_msle
from sklearn.metrics import mean_tweedie_deviance, root_mean_squared_error


def _smape(preds, target):
    return np.mean(2 * np.abs(preds - target) / (np.abs(preds) + np.abs(target)))


def _wmape(preds, target):
    return np.sum(np.abs(preds - target)) / np.sum(np.abs(target))


def _log_cosh(preds, target):
    return np.mean(np.log(np.cosh(preds.astype(np.float64) - target)), axis=0)


def _flat(reference):
    return lambda preds, target: reference(target.reshape(-1), preds.reshape(-1))


def _sk(reference, **kwargs):
    """A scikit-learn metric (``y_true`` first) as a reference taking ``(preds, target)``."""
    return lambda preds, target: reference(target, preds, **kwargs)


# (name, class factory, functional, reference, inputs)
CASES = [
    ("mse", mr.MeanSquaredError, mf.mean_squared_error, _flat(sk_mse), {}),
    (
        "rmse",
        partial(mr.MeanSquaredError, squared=False),
        partial(mf.mean_squared_error, squared=False),
        _flat(root_mean_squared_error),
        {},
    ),
    (
        "mse-3-outputs",
        partial(mr.MeanSquaredError, num_outputs=3),
        partial(mf.mean_squared_error, num_outputs=3),
        _sk(sk_mse, multioutput="raw_values"),
        {"outputs": 3},
    ),
    (
        "rmse-2-outputs",
        partial(mr.MeanSquaredError, squared=False, num_outputs=2),
        partial(mf.mean_squared_error, squared=False, num_outputs=2),
        _sk(root_mean_squared_error, multioutput="raw_values"),
        {"outputs": 2},
    ),
    ("mae", mr.MeanAbsoluteError, mf.mean_absolute_error, _flat(sk_mae), {}),
    (
        "mae-2-outputs",
        partial(mr.MeanAbsoluteError, num_outputs=2),
        partial(mf.mean_absolute_error, num_outputs=2),
        _sk(sk_mae, multioutput="raw_values"),
        {"outputs": 2},
    ),
    ("msle", mr.MeanSquaredLogError, mf.mean_squared_log_error, _sk(sk_msle), {"low": 0.0, "high": 5.0}),
    (
        "mape",
        mr.MeanAbsolutePercentageError,
        mf.mean_absolute_percentage_error,
        _sk(sk_mape),
        {"low": 0.5, "high": 3.0},
    ),
    ("smape", mr.SymmetricMeanAbsolutePercentageError, mf.symmetric_mean_absolute_percentage_error, _smape, {}),
    ("wmape", mr.WeightedMeanAbsolutePercentageError, mf.weighted_mean_absolute_percentage_error, _wmape, {}),
    ("log-cosh", mr.LogCoshError, mf.log_cosh_error, _log_cosh, {"low": -3.0, "high": 3.0}),
    (
        "log-cosh-2-outputs",
        partial(mr.LogCoshError, num_outputs=2),
        mf.log_cosh_error,
        _log_cosh,
        {"outputs": 2},
    ),
    (
        "minkowski-3",
        partial(mr.MinkowskiDistance, p=3),
        partial(mf.minkowski_distance, p=3),
        lambda preds, target: minkowski(preds.ravel(), target.ravel(), 3),
        {"outputs": 2},
    ),
    (
        "minkowski-1.5",
        partial(mr.MinkowskiDistance, p=1.5),
        partial(mf.minkowski_distance, p=1.5),
        lambda preds, target: minkowski(preds, target, 1.5),
        {},
    ),
]
TWEEDIE_POWERS = [-0.5, 0.0, 1.0, 1.5, 2.0, 3.0]


@pytest.mark.parametrize(
    ("factory", "functional", "reference", "inputs"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_against_reference(factory, functional, reference, inputs, device):
    check_metric(factory, batches(**inputs), reference, functional=functional, rtol=1e-4, device=device)


@pytest.mark.parametrize("power", TWEEDIE_POWERS)
def test_tweedie_deviance_against_sklearn(power, device):
    check_metric(
        partial(mr.TweedieDevianceScore, power=power),
        batches(low=0.1, high=4.0, seed=1),
        _sk(mean_tweedie_deviance, power=power),
        functional=partial(mf.tweedie_deviance_score, power=power),
        rtol=1e-4,
        device=device,
    )


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_tweedie_half_precision_gives_float32(dtype):
    """Powers outside {0, 1, 2} compute in at least float32, as TorchMetrics does."""
    preds, target = batches(low=0.5, high=2.0, sizes=(6,), seed=2)[0]
    preds, target = preds.to(dtype), target.to(dtype)
    value = mf.tweedie_deviance_score(preds, target, power=-1.0)
    assert value.dtype == torch.float32
    expected = mean_tweedie_deviance(target.double().numpy(), preds.double().numpy(), power=-1.0)
    assert_close(value, expected, rtol=5e-2)  # the other terms are in half precision


def test_float64_inputs_keep_precision():
    preds, target = batches(dtype=torch.float64)[0]
    value = mf.mean_squared_error(preds, target)
    assert value.dtype == torch.float64
    assert_close(value, sk_mse(preds.numpy(), target.numpy()), rtol=1e-12)


def test_large_batch_sum_is_accurate():
    generator = torch.Generator().manual_seed(3)
    preds, target = torch.rand(300_000, generator=generator), torch.rand(300_000, generator=generator)
    metric = mr.MeanSquaredError()
    metric.update(preds, target)
    expected = np.mean((preds.double().numpy() - target.double().numpy()) ** 2)
    assert_close(metric.compute(), expected, rtol=1e-6)
    assert_close(mf.mean_absolute_error(preds, target), (preds.double() - target.double()).abs().mean(), rtol=1e-6)


def test_integer_inputs():
    preds, target = torch.tensor([2, 1, 2, 0, 1, 2, 2, 2]), torch.tensor([0, 2, 0, 2, 0, 1, 0, 2])
    metric = mr.MeanSquaredError()
    metric.update(preds, target)
    assert str(metric.compute()) == "tensor(2.3750)"
    assert_close(mf.mean_absolute_error(preds, target), 1.375)


def test_log_cosh_does_not_overflow():
    assert_close(mf.log_cosh_error(torch.tensor([200.0]), torch.tensor([0.0])), 200.0 - np.log(2.0), rtol=1e-6)


POSITIVE = (torch.tensor([1.0, 2.0]), torch.tensor([1.5, 0.5]))
TWO_OUTPUTS = (torch.rand(3, 2), torch.rand(3, 2))


@pytest.mark.parametrize(
    ("factory", "good", "bad", "match"),
    [
        (mr.MeanSquaredError, POSITIVE, (torch.rand(4), torch.rand(5)), "same shape"),
        (
            partial(mr.MeanSquaredError, num_outputs=2),
            TWO_OUTPUTS,
            (torch.rand(4, 3), torch.rand(4, 3)),
            "num_outputs=2",
        ),
        (partial(mr.MeanAbsoluteError, num_outputs=2), TWO_OUTPUTS, (torch.rand(4), torch.rand(4)), "num_outputs=2"),
        (partial(mr.LogCoshError, num_outputs=2), TWO_OUTPUTS, (torch.rand(4, 3), torch.rand(4, 3)), "num_outputs=2"),
        (mr.MeanSquaredLogError, POSITIVE, (torch.tensor([-1.0, 2.0]), torch.tensor([1.0, 2.0])), "`preds` holds"),
        (mr.MeanSquaredLogError, POSITIVE, (torch.tensor([1.0, 2.0]), torch.tensor([1.0, -3.0])), "`target` holds"),
        (mr.MeanAbsolutePercentageError, POSITIVE, (torch.rand(2, 1), torch.rand(2)), "same shape"),
        (
            partial(mr.TweedieDevianceScore, power=1),
            POSITIVE,
            (torch.tensor([0.0, 1.0]), torch.rand(2)),
            "`preds` must",
        ),
        (partial(mr.TweedieDevianceScore, power=2), POSITIVE, (torch.rand(2) + 1, torch.zeros(2)), "`targets` must"),
        (partial(mr.TweedieDevianceScore, power=1.5), POSITIVE, (torch.rand(2) + 1, -torch.ones(2)), "non-negative"),
        (partial(mr.MinkowskiDistance, p=2), POSITIVE, (torch.rand(3), torch.rand(3, 1)), "`preds` and `targets`"),
        (mr.MeanSquaredError, POSITIVE, ([1.0, 2.0], torch.rand(2)), "must be a torch.Tensor"),
    ],
)
def test_bad_input_is_rejected_without_state_change(factory, good, bad, match):
    error = TypeError if isinstance(bad[0], list) else ValueError
    assert_rejected(factory(), good, bad, match, error)


def test_shape_errors_are_also_runtime_errors():
    with pytest.raises(RuntimeError, match="same shape"):
        mf.mean_squared_error(torch.rand(3), torch.rand(4))


def test_validate_args_false_skips_value_checks():
    preds, target = torch.tensor([-2.0, 1.0]), torch.tensor([1.0, 1.0])
    assert torch.isnan(mf.mean_squared_log_error(preds, target, validate_args=False))
    metric = mr.TweedieDevianceScore(power=2, validate_args=False)
    metric.update(torch.tensor([-1.0, 2.0]), torch.tensor([1.0, 2.0]))
    assert torch.isnan(metric.compute())
    with pytest.raises(ValueError, match="preds"):
        mf.tweedie_deviance_score(torch.tensor([-1.0]), torch.tensor([1.0]), power=2)


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (partial(mr.MeanSquaredError, squared="yes"), "squared"),
        (partial(mr.MeanSquaredError, num_outputs=0), "num_outputs"),
        (partial(mr.MeanAbsoluteError, num_outputs=1.5), "num_outputs"),
        (partial(mr.MinkowskiDistance, p=0.5), "`p`"),
        (partial(mr.TweedieDevianceScore, power=0.5), "power"),
        (partial(mr.LogCoshError, num_outputs=-1), "num_outputs"),
    ],
)
def test_bad_arguments(build, match):
    with pytest.raises(ValueError, match=match):
        build()
