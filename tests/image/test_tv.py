"""Total variation and image gradients against NumPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_harness import assert_rejected
from image_references import reduce_scores
from metric_harness import assert_close, check_metric
from metrics_image import TotalVariation
from metrics_image.functional import image_gradients, total_variation


def _tv_reference(img, reduction):
    scores = np.abs(np.diff(img, axis=2)).sum((1, 2, 3)) + np.abs(np.diff(img, axis=3)).sum((1, 2, 3))
    return reduce_scores(scores, reduction)


@pytest.mark.parametrize("reduction", ["sum", "mean", "none", None])
def test_total_variation(reduction, device):
    batches = [(torch.rand(3, 2, 5, 6, dtype=torch.float64),) for _ in range(3)]
    check_metric(
        lambda: TotalVariation(reduction),
        batches,
        lambda img: _tv_reference(img, reduction),
        lambda img: total_variation(img, reduction),
        device=device,
    )


def test_total_variation_rejects_bad_input_and_keeps_state():
    metric = TotalVariation()
    metric.update(torch.rand(1, 1, 3, 3))
    # TorchMetrics raises a RuntimeError here: the error is both.
    assert_rejected(metric, RuntimeError, r"\(N, C, H, W\)", torch.rand(3, 3))
    assert_rejected(metric, ValueError, r"\(N, C, H, W\)", torch.rand(3, 3))
    with pytest.raises(ValueError, match="reduction"):
        TotalVariation(reduction="elementwise_mean")


def test_image_gradients(device):
    img = torch.randn(2, 3, 4, 5, device=device)
    dy, dx = image_gradients(img)
    expected_dy = np.zeros(img.shape)
    expected_dy[:, :, :-1] = np.diff(img.cpu().numpy(), axis=2)
    expected_dx = np.zeros(img.shape)
    expected_dx[..., :-1] = np.diff(img.cpu().numpy(), axis=3)
    assert_close(dy, expected_dy)
    assert_close(dx, expected_dx)
    with pytest.raises(TypeError, match=r"torch\.Tensor"):
        image_gradients(np.zeros((1, 1, 2, 2)))
    with pytest.raises(RuntimeError, match=r"4D|shape"):
        image_gradients(torch.zeros(2, 2))
