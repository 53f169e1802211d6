"""R², explained variance and relative squared error (co-moments of targets and residuals) against references."""

from functools import partial

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from regression_inputs import assert_rejected, batches
from sklearn.metrics import explained_variance_score, r2_score

MULTIOUTPUTS = ["raw_values", "uniform_average", "variance_weighted"]


def _r2_reference(multioutput, adjusted=0):
    def reference(preds, target):
        value = r2_score(target, preds, multioutput=multioutput)
        if adjusted:
            num = len(target)
            value = 1 - (1 - value) * (num - 1) / (num - adjusted - 1)
        return value

    return reference


def _rse_reference(squared):
    def reference(preds, target):
        preds, target = preds.reshape(len(preds), -1), target.reshape(len(target), -1)
        rse = ((target - preds) ** 2).sum(0) / ((target - target.mean(0)) ** 2).sum(0)
        return np.mean(rse if squared else np.sqrt(rse))

    return reference


@pytest.mark.parametrize("multioutput", MULTIOUTPUTS)
@pytest.mark.parametrize("outputs", [None, 3])
def test_r2_against_sklearn(multioutput, outputs, device):
    check_metric(
        partial(mr.R2Score, multioutput=multioutput),
        batches(outputs=outputs),
        _r2_reference(multioutput),
        functional=partial(mf.r2_score, multioutput=multioutput),
        rtol=1e-4,
        device=device,
    )


def test_adjusted_r2(device):
    check_metric(
        partial(mr.R2Score, adjusted=2),
        batches(sizes=(8, 9, 10)),
        _r2_reference("uniform_average", adjusted=2),
        functional=partial(mf.r2_score, adjusted=2),
        rtol=1e-4,
        device=device,
    )


@pytest.mark.parametrize("multioutput", MULTIOUTPUTS)
@pytest.mark.parametrize("outputs", [None, 2])
def test_explained_variance_against_sklearn(multioutput, outputs, device):
    check_metric(
        partial(mr.ExplainedVariance, multioutput=multioutput),
        batches(outputs=outputs, seed=1),
        lambda preds, target: explained_variance_score(target, preds, multioutput=multioutput),
        functional=partial(mf.explained_variance, multioutput=multioutput),
        rtol=1e-4,
        device=device,
    )


@pytest.mark.parametrize("squared", [True, False])
@pytest.mark.parametrize("outputs", [None, 2])
def test_relative_squared_error(squared, outputs, device):
    check_metric(
        partial(mr.RelativeSquaredError, num_outputs=outputs or 1, squared=squared),
        batches(outputs=outputs, seed=2),
        _rse_reference(squared),
        functional=partial(mf.relative_squared_error, squared=squared),
        rtol=1e-4,
        device=device,
    )


def test_float64_inputs_give_float64():
    preds, target = batches(dtype=torch.float64)[0]
    metric = mr.R2Score()
    metric.update(preds, target)
    assert metric.compute().dtype == torch.float64
    assert mf.explained_variance(preds, target).dtype == torch.float64
    assert mf.r2_score(preds.float(), target.float()).dtype == torch.float32


def test_raw_values_shape_follows_input():
    preds, target = torch.tensor([1.0, 2.0, 4.0]), torch.tensor([1.5, 2.0, 3.0])
    assert mf.r2_score(preds, target, multioutput="raw_values").shape == ()
    assert mf.r2_score(preds[:, None], target[:, None], multioutput="raw_values").shape == (1,)


def test_constant_target():
    target = torch.ones(4)
    assert_close(mf.r2_score(torch.tensor([1.0, 2.0, 1.0, 1.0]), target), 0.0)
    assert_close(mf.r2_score(target, target), 1.0)
    assert_close(mf.explained_variance(torch.tensor([1.0, 2.0, 1.0, 1.0]), target), 0.0)
    assert_close(mf.explained_variance(target + 1, target), 1.0)


def test_r2_needs_two_samples():
    metric = mr.R2Score()
    with pytest.raises(ValueError, match="at least two samples"):
        metric(torch.tensor([1.0]), torch.tensor([2.0]))
    assert metric.update_count == 0
    metric.update(torch.tensor([1.0]), torch.tensor([2.0]))
    metric.update(torch.tensor([2.0]), torch.tensor([2.5]))
    assert_close(metric.compute(), r2_score([2.0, 2.5], [1.0, 2.0]))


@pytest.mark.parametrize(("adjusted", "match"), [(5, "More independent regressions"), (3, "Division by zero")])
def test_adjusted_fallback_warns(adjusted, match):
    preds, target = torch.tensor([1.0, 2.0, 4.0, 3.0]), torch.tensor([1.5, 2.0, 3.0, 3.0])
    with pytest.warns(UserWarning, match=match):
        value = mf.r2_score(preds, target, adjusted=adjusted)
    assert_close(value, r2_score(target, preds))


def test_outputs_come_from_the_first_batch():
    metric = mr.R2Score(multioutput="raw_values")
    first, second = batches(outputs=3, sizes=(5, 6))
    assert metric(*first).shape == (3,)
    metric.update(*second)
    assert metric.compute().shape == (3,)
    assert_rejected(metric, second, (torch.rand(4, 2), torch.rand(4, 2)), "3 outputs before")


@pytest.mark.parametrize("factory", [mr.R2Score, mr.ExplainedVariance, mr.RelativeSquaredError])
def test_bad_input_is_rejected_without_state_change(factory):
    good = batches(sizes=(4,))[0]
    assert_rejected(factory(), good, (torch.rand(4), torch.rand(3)), "same shape")
    if factory is mr.ExplainedVariance:  # further dimensions are outputs, which must stay as many
        three = batches(outputs=3, sizes=(4,))[0]
        assert_rejected(factory(), three, (torch.rand(4, 2, 2), torch.rand(4, 2, 2)), "3 outputs before")
    else:
        assert_rejected(factory(), good, (torch.rand(4, 2, 2), torch.rand(4, 2, 2)), r"\(N,\) or \(N, outputs\)")


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (partial(mr.R2Score, adjusted=-1), "adjusted"),
        (partial(mr.R2Score, multioutput="mean"), "multioutput"),
        (partial(mr.ExplainedVariance, multioutput="all"), "multioutput"),
        (partial(mr.RelativeSquaredError, num_outputs=0), "num_outputs"),
        (partial(mf.r2_score, torch.rand(3), torch.rand(3), adjusted=1.5), "adjusted"),
    ],
)
def test_bad_arguments(build, match):
    with pytest.raises(ValueError, match=match):
        build()


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("factory", [mr.R2Score, mr.ExplainedVariance])
def test_half_precision_result_dtype(factory, dtype):
    """Two-dimensional half precision inputs give a half precision value, one-dimensional ones float32."""
    preds, target = batches(outputs=2, sizes=(16,), seed=4)[0]
    reference = (r2_score if factory is mr.R2Score else explained_variance_score)(target.numpy(), preds.numpy())
    metric = factory()
    metric.update(preds.to(dtype), target.to(dtype))
    value = metric.compute()
    assert value.dtype == dtype
    assert_close(value.float(), reference, atol=5e-2, rtol=5e-2)
    metric = factory()
    metric.update(preds[:, 0].to(dtype), target[:, 0].to(dtype))
    assert metric.compute().dtype == torch.float32


def test_relative_squared_error_checks_num_outputs():
    good = batches(outputs=2, sizes=(4,))[0]
    assert_rejected(mr.RelativeSquaredError(num_outputs=2), good, (torch.rand(4, 3), torch.rand(4, 3)), "num_outputs=2")
    assert_rejected(mr.RelativeSquaredError(), batches(sizes=(4,))[0], good, "num_outputs=1")


@pytest.mark.parametrize("multioutput", ["raw_values", "uniform_average", "variance_weighted"])
def test_explained_variance_reads_further_dimensions_as_outputs(multioutput, device):
    """(N, 2, 3) inputs: six outputs; raw values come back shaped (2, 3)."""
    generator = torch.Generator().manual_seed(5)
    data = [(torch.randn(n, 2, 3, generator=generator), torch.randn(n, 2, 3, generator=generator)) for n in (7, 12, 5)]

    def reference(preds, target):
        flat = explained_variance_score(
            target.reshape(len(target), -1), preds.reshape(len(preds), -1), multioutput=multioutput
        )
        return np.reshape(flat, (2, 3)) if multioutput == "raw_values" else flat

    check_metric(
        lambda: mr.ExplainedVariance(multioutput=multioutput),
        data,
        reference,
        functional=partial(mf.explained_variance, multioutput=multioutput),
        atol=1e-5,
        device=device,
    )
