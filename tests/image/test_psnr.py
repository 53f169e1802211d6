"""PSNR and PSNR-B against scikit-image and NumPy formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from image_harness import assert_rejected, image_batches
from metric_harness import assert_close, check_metric
from metrics_image import PeakSignalNoiseRatio
from metrics_image.functional import peak_signal_noise_ratio
from skimage.metrics import peak_signal_noise_ratio as skimage_psnr


def _reduce(scores: np.ndarray, reduction: str | None) -> np.ndarray:
    if reduction == "elementwise_mean":
        return scores.mean()
    if reduction == "sum":
        return scores.sum()
    return scores


def _psnr_reference(preds, target, data_range, base=10.0, reduction="elementwise_mean", dim=None):
    if isinstance(data_range, tuple):
        preds, target = np.clip(preds, *data_range), np.clip(target, *data_range)
        data_range = data_range[1] - data_range[0]
    to_base = math.log(10) / math.log(base)
    if dim is None:
        return skimage_psnr(target, preds, data_range=data_range) * to_base
    mse = np.mean((preds - target) ** 2, axis=dim)
    return _reduce(10 * np.log10(data_range**2 / mse) * to_base, reduction)


@pytest.mark.parametrize(
    ("data_range", "base", "reduction", "dim"),
    [
        (1.0, 10.0, "elementwise_mean", None),
        ((0.1, 0.9), 2.0, "elementwise_mean", None),
        (2, 10.0, "sum", (1, 2, 3)),
        (1.0, math.e, "elementwise_mean", (1, 2, 3)),
        ((0.0, 1.0), 10.0, "none", (1, 2, 3)),
    ],
)
def test_psnr(data_range, base, reduction, dim, device):
    batches = image_batches((4, 3, 8, 8))

    def reference(preds, target):
        return _psnr_reference(preds, target, data_range, base, reduction, dim)

    def functional(preds, target):
        return peak_signal_noise_ratio(preds, target, data_range, base, reduction, dim)

    check_metric(
        lambda: PeakSignalNoiseRatio(data_range, base, reduction, dim), batches, reference, functional, device=device
    )


def test_psnr_dim_without_reduction_flattens_scores(device):
    preds, target = image_batches((2, 3, 4, 5), num_batches=1)[0]
    metric = PeakSignalNoiseRatio(data_range=1.0, reduction="none", dim=1).to(device)
    metric.update(preds.to(device), target.to(device))
    expected = _psnr_reference(preds.numpy(), target.numpy(), 1.0, reduction="none", dim=1)
    assert_close(peak_signal_noise_ratio(preds, target, 1.0, reduction="none", dim=1), expected)
    assert_close(metric.compute(), expected.reshape(-1))


def test_psnr_integer_images_and_half_precision(device):
    target = torch.randint(0, 256, (2, 3, 8, 8))
    preds = (target + torch.randint(-20, 21, target.shape)).clamp(0, 255)
    expected = skimage_psnr(target.numpy(), preds.numpy(), data_range=255)
    assert_close(peak_signal_noise_ratio(preds.to(device), target.to(device), data_range=255.0), expected, rtol=1e-5)
    half = peak_signal_noise_ratio((preds / 255).half().to(device), (target / 255).half().to(device), data_range=1.0)
    assert_close(half, expected, atol=0.05, rtol=0)


def test_psnr_states_are_constant_memory_without_dim():
    metric = PeakSignalNoiseRatio(data_range=1.0)
    for preds, target in image_batches((2, 1, 4, 4)):
        metric.update(preds, target)
    assert {name: tuple(value.shape) for name, value in metric.metric_state.items()} == {
        "sum_squared_error": (),
        "total": (),
    }


def test_psnr_warns_when_reduction_has_no_effect():
    with pytest.warns(UserWarning, match="will not have any effect"):
        PeakSignalNoiseRatio(data_range=1.0, reduction="sum")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"data_range": -1.0}, "data_range"),
        ({"data_range": (1.0, 0.0)}, "data_range"),
        ({"data_range": 1.0, "base": 1}, "base"),
        ({"data_range": 1.0, "reduction": "max"}, "reduction"),
        ({"data_range": 1.0, "dim": "x"}, "dim"),
    ],
)
def test_psnr_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        PeakSignalNoiseRatio(**kwargs)


def test_psnr_rejects_bad_input_and_keeps_state():
    metric = PeakSignalNoiseRatio(data_range=1.0)
    metric.update(*image_batches((2, 1, 4, 4), num_batches=1)[0])
    assert_rejected(metric, ValueError, "same shape", torch.rand(2, 1, 4, 4), torch.rand(2, 1, 4, 5))
    assert_rejected(metric, TypeError, "torch.Tensor", [0.5], torch.rand(1))
    assert_rejected(metric, ValueError, "meta", torch.rand(2, device="meta"), torch.rand(2, device="meta"))
