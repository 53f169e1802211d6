"""SCC against SciPy filters."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_harness import assert_rejected, image_batches
from image_references import box_mean
from metric_harness import assert_close, check_metric
from metrics_image import SpatialCorrelationCoefficient
from metrics_image.functional import spatial_correlation_coefficient
from scipy import ndimage

# SCC computes in float32; CUDA convolutions may use TF32 (torch's default for cuDNN), as in TorchMetrics
FLOAT32_ATOL = {"cpu": 1e-4, "cuda": 3e-3}
LAPLACIAN = np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float64)


def _scc_reference(preds, target, hp_filter=LAPLACIAN, window_size=8):
    """Per-image SCC: high-pass by convolution (mirror padding with the edge), local correlation (zero padding)."""
    kernel = hp_filter[None, None]
    preds_hp = 2 * ndimage.convolve(preds, kernel, mode="reflect")
    target_hp = 2 * ndimage.convolve(target, kernel, mode="reflect")
    mean_p, mean_t = box_mean(preds_hp, window_size, "constant"), box_mean(target_hp, window_size, "constant")
    var_p = np.maximum(box_mean(preds_hp**2, window_size, "constant") - mean_p**2, 0)
    var_t = np.maximum(box_mean(target_hp**2, window_size, "constant") - mean_t**2, 0)
    cov = box_mean(preds_hp * target_hp, window_size, "constant") - mean_p * mean_t
    den = np.sqrt(var_p) * np.sqrt(var_t)
    scc = np.where(den == 0, 0, cov / np.where(den == 0, 1, den))
    return scc.mean(axis=(1, 2, 3))


@pytest.mark.parametrize(("window_size", "hp_filter"), [(8, None), (3, np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]))])
def test_scc(window_size, hp_filter, device):
    kernel = None if hp_filter is None else torch.tensor(hp_filter, dtype=torch.float32)

    def reference(preds, target):
        return _scc_reference(preds, target, LAPLACIAN if hp_filter is None else hp_filter, window_size).mean()

    check_metric(
        lambda: SpatialCorrelationCoefficient(kernel, window_size),
        image_batches((2, 3, 12, 14), correlation=0.9),
        reference,
        lambda preds, target: spatial_correlation_coefficient(preds, target, kernel, window_size),
        device=device,
        atol=FLOAT32_ATOL[device.type],
    )


def test_scc_grayscale_per_image_and_float32(device):
    preds, target = (x.to(device) for x in image_batches((3, 10, 10), num_batches=1)[0])
    scores = spatial_correlation_coefficient(preds, target, reduction="none")
    assert scores.dtype == torch.float32
    expected = _scc_reference(preds[:, None].cpu().numpy(), target[:, None].cpu().numpy())
    assert_close(scores, expected, atol=FLOAT32_ATOL[device.type])


def test_scc_rejects_bad_input_and_keeps_state():
    metric = SpatialCorrelationCoefficient()
    metric.update(*image_batches((1, 1, 10, 10), num_batches=1)[0])
    assert_rejected(metric, ValueError, "window_size", torch.rand(1, 1, 6, 10), torch.rand(1, 1, 6, 10))
    assert_rejected(metric, ValueError, "same shape", torch.rand(1, 1, 10, 10), torch.rand(1, 1, 10, 11))
    assert_rejected(metric, ValueError, r"\(N, H, W\)", torch.rand(10, 10), torch.rand(10, 10))
    with pytest.raises(ValueError, match="window_size"):
        SpatialCorrelationCoefficient(window_size=0)


def test_scc_of_an_empty_batch():
    empty = torch.rand(0, 3, 10, 10)
    assert spatial_correlation_coefficient(empty, empty).isnan()
    assert spatial_correlation_coefficient(empty, empty, reduction="none").shape == (0,)
    metric = SpatialCorrelationCoefficient()
    metric.update(*image_batches((2, 3, 10, 10), num_batches=1)[0])
    before = metric.compute()
    metric.update(empty, empty)
    assert_close(metric.compute(), before)
