"""SAM against a NumPy formula."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_harness import assert_rejected, image_batches
from image_references import reduce_scores
from metric_harness import check_metric
from metrics_image import SpectralAngleMapper
from metrics_image.functional import spectral_angle_mapper


def _sam_reference(preds, target, reduction):
    cosine = (preds * target).sum(1) / (np.linalg.norm(preds, axis=1) * np.linalg.norm(target, axis=1))
    return reduce_scores(np.arccos(np.clip(cosine, -1, 1)), reduction)


@pytest.mark.parametrize("reduction", ["elementwise_mean", "sum", "none"])
def test_sam(reduction, device):
    check_metric(
        lambda: SpectralAngleMapper(reduction),
        image_batches((2, 5, 6, 7)),
        lambda preds, target: _sam_reference(preds, target, reduction),
        lambda preds, target: spectral_angle_mapper(preds, target, reduction),
        device=device,
    )


def test_sam_rejects_bad_input_and_keeps_state():
    metric = SpectralAngleMapper()
    metric.update(*image_batches((1, 3, 4, 4), num_batches=1)[0])
    assert_rejected(metric, ValueError, "more than one channel", torch.rand(1, 1, 4, 4), torch.rand(1, 1, 4, 4))
    assert_rejected(metric, TypeError, "dtype", torch.rand(1, 3, 4, 4), torch.rand(1, 3, 4, 4).double())
