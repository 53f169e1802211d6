"""UQI against a SciPy filtering reference."""

from __future__ import annotations

import pytest
import torch
from image_harness import assert_rejected, image_batches
from image_references import reduce_scores, uqi_map
from metric_harness import assert_close, check_metric
from metrics_image import UniversalImageQualityIndex
from metrics_image.functional import universal_image_quality_index


@pytest.mark.parametrize(
    ("kernel_size", "sigma", "reduction"),
    [(11, 1.5, "elementwise_mean"), (7, 1.0, "sum"), (5, 2.0, "none")],
)
def test_uqi(kernel_size, sigma, reduction, device):
    kwargs = {"kernel_size": (kernel_size,) * 2, "sigma": (sigma,) * 2, "reduction": reduction}
    check_metric(
        lambda: UniversalImageQualityIndex(**kwargs),
        image_batches((2, 3, 16, 18)),
        lambda preds, target: reduce_scores(uqi_map(preds, target, kernel_size, sigma), reduction),
        lambda preds, target: universal_image_quality_index(preds, target, **kwargs),
        device=device,
    )


def test_uqi_counts_the_valid_window_positions():
    """Like TorchMetrics, the mean divides by N * C * (H - kh + 1) * (W - kw + 1), also for unequal kernel sides."""
    preds, target = image_batches((2, 1, 16, 18), num_batches=1)[0]
    metric = UniversalImageQualityIndex(kernel_size=(5, 5))
    metric.update(preds, target)
    index = universal_image_quality_index(preds, target, kernel_size=(5, 5), reduction="none")
    assert_close(metric.compute(), index.sum() / (2 * 12 * 14))
    assert index.shape == (2, 1, 12, 14)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"kernel_size": (11,)}, "two entries"),
        ({"kernel_size": (4, 4)}, "odd positive"),
        ({"sigma": (1.5, -1.0)}, "positive"),
        ({"reduction": "max"}, "reduction"),
    ],
)
def test_uqi_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        UniversalImageQualityIndex(**kwargs)


def test_uqi_rejects_bad_input_and_keeps_state():
    metric = UniversalImageQualityIndex(reduction="none")
    metric.update(*image_batches((1, 1, 12, 12), num_batches=1)[0])
    assert_rejected(metric, TypeError, "dtype", torch.rand(1, 1, 12, 12), torch.rand(1, 1, 12, 12).double())
    assert_rejected(metric, ValueError, "same shape", torch.rand(1, 1, 12, 12), torch.rand(1, 1, 12, 13))
    assert_rejected(metric, ValueError, "too small", torch.rand(1, 1, 4, 12), torch.rand(1, 1, 4, 12))
    assert_rejected(metric, ValueError, r"\(N, C, H, W\)", torch.rand(12, 12), torch.rand(12, 12))
