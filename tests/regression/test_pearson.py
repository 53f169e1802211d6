"""Pearson and concordance correlation coefficients against SciPy and a NumPy formula."""

import warnings
from functools import partial

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from regression_inputs import assert_rejected, batches, per_output
from scipy.stats import pearsonr


def _pearson(preds, target):
    return pearsonr(preds.astype(np.float64), target.astype(np.float64))[0]


def _concordance(preds, target):
    preds, target = preds.astype(np.float64), target.astype(np.float64)
    covariance = np.cov(preds, target)  # sample (co)variances, as TorchMetrics uses
    return 2 * covariance[0, 1] / (covariance[0, 0] + covariance[1, 1] + (preds.mean() - target.mean()) ** 2)


@pytest.mark.parametrize("num_outputs", [1, 3])
def test_pearson_against_scipy(num_outputs, device):
    check_metric(
        partial(mr.PearsonCorrCoef, num_outputs=num_outputs),
        batches(outputs=None if num_outputs == 1 else num_outputs),
        per_output(_pearson),
        functional=mf.pearson_corrcoef,
        rtol=1e-4,
        device=device,
    )


@pytest.mark.parametrize("num_outputs", [1, 2])
def test_concordance_against_numpy(num_outputs, device):
    check_metric(
        partial(mr.ConcordanceCorrCoef, num_outputs=num_outputs),
        batches(outputs=None if num_outputs == 1 else num_outputs, seed=4),
        per_output(_concordance),
        functional=mf.concordance_corrcoef,
        rtol=1e-4,
        device=device,
    )


@pytest.mark.parametrize("factory", [mr.PearsonCorrCoef, mr.ConcordanceCorrCoef])
def test_large_offset_float32(factory, device):
    """Values around 1e6 with unit spread, in float32: within 1e-4 of float64 SciPy."""
    generator = torch.Generator().manual_seed(7)
    target = 1e6 + torch.randn(4096, generator=generator, dtype=torch.float64)
    preds = target + 0.8 * torch.randn(4096, generator=generator, dtype=torch.float64)
    preds, target = preds.float().to(device), target.float().to(device)
    reference = _pearson if factory is mr.PearsonCorrCoef else _concordance
    expected = reference(preds.cpu().numpy(), target.cpu().numpy())
    updated, forwarded = factory().to(device), factory().to(device)
    for chunk in range(0, 4096, 256):
        updated.update(preds[chunk : chunk + 256], target[chunk : chunk + 256])
        forwarded(preds[chunk : chunk + 256], target[chunk : chunk + 256])
    assert abs(updated.compute().item() - expected) < 1e-4
    assert abs(forwarded.compute().item() - expected) < 1e-4
    functional = mf.pearson_corrcoef if factory is mr.PearsonCorrCoef else mf.concordance_corrcoef
    assert abs(functional(preds, target).item() - expected) < 1e-4


@pytest.mark.parametrize(
    ("preds", "target"),
    [
        (torch.ones(5), torch.rand(5)),  # constant predictions
        (torch.rand(5), torch.full((5,), 3.0)),  # constant targets
        (torch.tensor([1.0]), torch.tensor([2.0])),  # one sample
    ],
)
def test_undefined_correlation_is_nan_with_warning(preds, target):
    for function in (mf.pearson_corrcoef, mf.concordance_corrcoef):
        with pytest.warns(UserWarning, match="variance of predictions or target is close to zero"):
            assert torch.isnan(function(preds, target)).all()
    metric = mr.PearsonCorrCoef()
    metric.update(preds, target)
    with pytest.warns(UserWarning, match="close to zero"):
        assert torch.isnan(metric.compute())


def test_nan_only_for_the_constant_output():
    preds = torch.stack((torch.ones(6), torch.arange(6.0)), dim=1)
    with warnings.catch_warnings():
        # As TorchMetrics: no warning while another output has a finite correlation.
        warnings.simplefilter("error")
        value = mf.pearson_corrcoef(preds, preds.flip(0))
    assert torch.isnan(value[0])
    assert_close(value[1], -1.0)


def test_result_dtypes():
    preds, target = batches(dtype=torch.float64)[0]
    assert mf.pearson_corrcoef(preds, target).dtype == torch.float64
    assert mf.pearson_corrcoef(preds.half(), target.half()).dtype == torch.float16
    metric = mr.PearsonCorrCoef()
    metric.update(preds, target)
    assert metric.compute().dtype == torch.float32  # as TorchMetrics, for one-dimensional inputs
    metric = mr.PearsonCorrCoef(num_outputs=1)
    metric.update(preds[:, None], target[:, None])
    assert metric.compute().dtype == torch.float64
    assert mf.concordance_corrcoef(preds.float(), target.float()).shape == (1,)


@pytest.mark.parametrize("factory", [mr.PearsonCorrCoef, mr.ConcordanceCorrCoef])
def test_bad_input_is_rejected_without_state_change(factory):
    good = batches(sizes=(4,))[0]
    assert_rejected(factory(), good, (torch.rand(4), torch.rand(5)), "same shape")
    assert_rejected(factory(), good, (torch.rand(4, 2), torch.rand(4, 2)), "num_outputs=1")
    assert_rejected(factory(num_outputs=2), (torch.rand(3, 2), torch.rand(3, 2)), (torch.rand(4), torch.rand(4)), "2")


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_outputs"):
        mr.PearsonCorrCoef(num_outputs=0)


def test_nan_data_gives_nan_without_warning():
    preds = torch.rand(6, 2, dtype=torch.float64)
    preds[0, 0] = float("nan")
    target = torch.rand(6, 2, dtype=torch.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = mf.pearson_corrcoef(preds, target)
    assert torch.isnan(value[0])
    assert_close(value[1], pearsonr(preds[:, 1].numpy(), target[:, 1].numpy()).statistic)


def test_one_dimensional_result_follows_the_predictions_dtype():
    preds, target = batches(sizes=(8,), seed=3)[0]
    for function in (mf.pearson_corrcoef, mf.concordance_corrcoef):
        assert function(preds.half(), target).dtype == torch.float16
        assert function(preds, target.double()).dtype == torch.float32
        assert function(preds[:, None], target.double()[:, None]).dtype == torch.float64
    assert_close(mf.pearson_corrcoef(preds.double(), target), pearsonr(preds.numpy(), target.numpy()).statistic)
