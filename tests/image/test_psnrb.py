"""PSNR-B against a NumPy formula of the blocking effect factor."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from image_harness import assert_rejected
from metric_harness import assert_close, check_metric
from metrics_image import PeakSignalNoiseRatioWithBlockedEffect
from metrics_image.functional import peak_signal_noise_ratio_with_blocked_effect


def _blocking_effect(preds, block_size):
    """Blocking effect factor of Yim & Bovik over a batch of one-channel images."""
    _, _, height, width = preds.shape
    boundary_w = np.arange(block_size - 1, width - 1, block_size)
    boundary_h = np.arange(block_size - 1, height - 1, block_size)
    inner_w = np.setdiff1d(np.arange(width - 1), boundary_w)
    inner_h = np.setdiff1d(np.arange(height - 1), boundary_h)
    d_b = ((preds[..., boundary_w] - preds[..., boundary_w + 1]) ** 2).sum()
    d_b += ((preds[..., boundary_h, :] - preds[..., boundary_h + 1, :]) ** 2).sum()
    d_bc = ((preds[..., inner_w] - preds[..., inner_w + 1]) ** 2).sum()
    d_bc += ((preds[..., inner_h, :] - preds[..., inner_h + 1, :]) ** 2).sum()
    n_hb = height * (width / block_size) - 1
    n_vb = width * (height / block_size) - 1
    d_b /= n_hb + n_vb
    d_bc /= height * (width - 1) - n_hb + width * (height - 1) - n_vb
    tau = math.log2(block_size) / math.log2(min(height, width)) if d_b > d_bc else 0
    return tau * (d_b - d_bc)


def _psnrb_reference(preds, target, data_range, block_size=8):
    if isinstance(data_range, tuple):
        preds, target = np.clip(preds, *data_range), np.clip(target, *data_range)
        data_range = data_range[1] - data_range[0]
    mse = np.mean((preds - target) ** 2) + _blocking_effect(preds, block_size)
    return 10 * np.log10(data_range**2 / mse)


def _blocky_batches(num_batches):
    """One-channel images made of 4x4 blocks plus noise, so that the blocking effect is positive."""
    batches = []
    for _ in range(num_batches):
        target = torch.rand(2, 1, 16, 24, dtype=torch.float64)
        blocks = torch.rand(2, 1, 4, 6, dtype=torch.float64).repeat_interleave(4, 2).repeat_interleave(4, 3)
        batches.append((0.8 * blocks + 0.2 * target, target))
    return batches


@pytest.mark.parametrize(("data_range", "block_size"), [(1.0, 8), ((0.1, 0.9), 4)])
def test_psnrb(data_range, block_size, device):
    check_metric(
        lambda: PeakSignalNoiseRatioWithBlockedEffect(data_range, block_size),
        _blocky_batches(1),
        lambda preds, target: _psnrb_reference(preds, target, data_range, block_size),
        lambda preds, target: peak_signal_noise_ratio_with_blocked_effect(preds, target, data_range, block_size),
        device=device,
    )


def test_psnrb_sums_the_blocking_effect_of_each_batch(device):
    batches = _blocky_batches(3)
    metric = PeakSignalNoiseRatioWithBlockedEffect(data_range=1.0, block_size=4).to(device)
    for preds, target in batches:
        metric.update(preds.to(device), target.to(device))
    mse = np.mean([np.mean((p.numpy() - t.numpy()) ** 2) for p, t in batches])
    bef = sum(_blocking_effect(p.numpy(), 4) for p, _ in batches)
    assert bef > 0
    assert_close(metric.compute(), 10 * np.log10(1.0 / (mse + bef)), rtol=1e-5)


def test_psnrb_rejects_color_images():
    metric = PeakSignalNoiseRatioWithBlockedEffect(data_range=1.0)
    assert_rejected(metric, ValueError, "one channel", torch.rand(1, 3, 16, 16), torch.rand(1, 3, 16, 16))
