"""ERGAS against a NumPy formula."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_harness import assert_rejected, image_batches
from image_references import reduce_scores
from metric_harness import check_metric
from metrics_image import ErrorRelativeGlobalDimensionlessSynthesis
from metrics_image.functional import error_relative_global_dimensionless_synthesis


def _ergas_reference(preds, target, ratio, reduction):
    rmse = np.sqrt(np.mean((preds - target) ** 2, axis=(2, 3)))
    relative = rmse / target.mean(axis=(2, 3))
    return reduce_scores(100 / ratio * np.sqrt(np.mean(relative**2, axis=1)), reduction)


@pytest.mark.parametrize(("ratio", "reduction"), [(4, "elementwise_mean"), (2.5, "sum"), (1, "none"), (4, None)])
def test_ergas(ratio, reduction, device):
    check_metric(
        lambda: ErrorRelativeGlobalDimensionlessSynthesis(ratio, reduction),
        image_batches((3, 4, 8, 9)),
        lambda preds, target: _ergas_reference(preds, target, ratio, reduction),
        lambda preds, target: error_relative_global_dimensionless_synthesis(preds, target, ratio, reduction),
        device=device,
    )


def test_ergas_keeps_constant_memory_and_input_dtype():
    metric = ErrorRelativeGlobalDimensionlessSynthesis()
    for preds, target in image_batches((2, 3, 4, 4)):
        metric.update(preds, target)
    assert all(value.numel() == 1 for value in metric.metric_state.values())
    assert metric.compute().dtype == torch.float64


def test_ergas_rejects_bad_input_and_keeps_state():
    metric = ErrorRelativeGlobalDimensionlessSynthesis()
    metric.update(*image_batches((1, 2, 4, 4), num_batches=1)[0])
    assert_rejected(metric, TypeError, "dtype", torch.rand(1, 2, 4, 4), torch.rand(1, 2, 4, 4).double())
    assert_rejected(metric, ValueError, "same shape", torch.rand(1, 2, 4, 4), torch.rand(1, 2, 4, 5))
    with pytest.raises(ValueError, match="ratio"):
        ErrorRelativeGlobalDimensionlessSynthesis(ratio=0)


def test_ergas_of_an_empty_batch():
    """No images: the mean is NaN, the sum 0 and the scores empty; the class keeps its state."""
    empty = torch.rand(0, 3, 8, 8)
    assert error_relative_global_dimensionless_synthesis(empty, empty).isnan()
    assert error_relative_global_dimensionless_synthesis(empty, empty, reduction="sum") == 0
    assert error_relative_global_dimensionless_synthesis(empty, empty, reduction="none").shape == (0,)
    metric = ErrorRelativeGlobalDimensionlessSynthesis(reduction="sum")
    assert metric(empty, empty) == 0
