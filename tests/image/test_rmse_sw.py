"""RMSE-SW and RASE against SciPy uniform filters (mirror padding with the edge)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_harness import assert_rejected, image_batches
from image_references import box_mean
from metric_harness import assert_close, check_metric
from metrics_image import RelativeAverageSpectralError, RootMeanSquaredErrorUsingSlidingWindow
from metrics_image.functional import (
    relative_average_spectral_error,
    root_mean_squared_error_using_sliding_window,
)


def _rmse_maps(preds, target, window_size):
    return np.sqrt(box_mean((target - preds) ** 2, window_size))


def _rmse_sw_reference(preds, target, window_size):
    border = round(window_size / 2)
    return _rmse_maps(preds, target, window_size)[..., border:-border, border:-border].mean()


def _rase_reference(preds, target, window_size):
    rmse_map = _rmse_maps(preds, target, window_size).mean(0)
    # the local target mean is divided by the window area once more, as TorchMetrics does
    target_mean = (box_mean(target, window_size) / window_size**2).mean(0).mean(0)
    rase_map = 100 / target_mean * np.sqrt(np.mean(rmse_map**2, 0))
    border = round(window_size / 2)
    return rase_map[border:-border, border:-border].mean()


@pytest.mark.parametrize("window_size", [8, 5, 3])
def test_rmse_sw(window_size, device):
    check_metric(
        lambda: RootMeanSquaredErrorUsingSlidingWindow(window_size),
        image_batches((2, 3, 12, 13)),
        lambda preds, target: _rmse_sw_reference(preds, target, window_size),
        lambda preds, target: root_mean_squared_error_using_sliding_window(preds, target, window_size),
        device=device,
    )


def test_rmse_sw_map(device):
    preds, target = (x.to(device) for x in image_batches((2, 3, 12, 13), num_batches=1)[0])
    _, rmse_map = root_mean_squared_error_using_sliding_window(preds, target, 4, return_rmse_map=True)
    assert_close(rmse_map, _rmse_maps(preds.cpu().numpy(), target.cpu().numpy(), 4).mean(0))


@pytest.mark.parametrize("window_size", [8, 3])
def test_rase(window_size, device):
    check_metric(
        lambda: RelativeAverageSpectralError(window_size),
        image_batches((2, 3, 12, 13)),
        lambda preds, target: _rase_reference(preds, target, window_size),
        lambda preds, target: relative_average_spectral_error(preds, target, window_size),
        device=device,
        rtol=1e-4,
    )


def test_rase_keeps_one_map_per_batch_not_the_images():
    metric = RelativeAverageSpectralError()
    for preds, target in image_batches((4, 3, 12, 12)):
        metric.update(preds, target)
    assert [tuple(item.shape) for item in metric.rmse_map_sum] == [(1, 3, 12, 12)] * 3


@pytest.mark.parametrize("metric_class", [RootMeanSquaredErrorUsingSlidingWindow, RelativeAverageSpectralError])
def test_windowed_metrics_reject_bad_input_and_keep_state(metric_class):
    metric = metric_class(window_size=8)
    metric.update(*image_batches((1, 2, 10, 10), num_batches=1)[0])
    assert_rejected(metric, ValueError, "smaller than the image", torch.rand(1, 2, 4, 10), torch.rand(1, 2, 4, 10))
    assert_rejected(metric, TypeError, "dtype", torch.rand(1, 2, 10, 10), torch.rand(1, 2, 10, 10).double())
    with pytest.raises(ValueError, match="window_size"):
        metric_class(window_size=0)
