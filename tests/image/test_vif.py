"""VIF against a SciPy reference of the pixel-domain VIF."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_harness import assert_rejected, image_batches
from image_references import gaussian_weights
from metric_harness import assert_close, check_metric
from metrics_image import VisualInformationFidelity
from metrics_image.functional import visual_information_fidelity
from scipy import ndimage


def _valid_filter(x, weights):
    """Valid correlation of each image of ``(N, C, H, W)`` with the separable kernel."""
    out = ndimage.correlate1d(ndimage.correlate1d(x, weights, axis=2), weights, axis=3)
    half = len(weights) // 2
    return out[..., half:-half, half:-half]


def _vif_reference(preds, target, sigma_n_sq=2.0, eps=1e-10):
    num, den = 0.0, 0.0
    for scale in range(4):
        size = 2 ** (4 - scale) + 1
        weights = gaussian_weights(size, size / 5)
        if scale:
            target = _valid_filter(target, weights)[..., ::2, ::2]
            preds = _valid_filter(preds, weights)[..., ::2, ::2]
        mu_t, mu_p = _valid_filter(target, weights), _valid_filter(preds, weights)
        var_t = np.maximum(_valid_filter(target**2, weights) - mu_t**2, 0)
        var_p = np.maximum(_valid_filter(preds**2, weights) - mu_p**2, 0)
        cov = _valid_filter(target * preds, weights) - mu_t * mu_p
        gain = cov / (var_t + eps)
        var_v = var_p - gain * cov
        flat_t = var_t < eps
        gain[flat_t], var_v[flat_t], var_t[flat_t] = 0, var_p[flat_t], 0
        flat_p = var_p < eps
        gain[flat_p], var_v[flat_p] = 0, 0
        negative = gain < 0
        var_v[negative], gain[negative] = var_p[negative], 0
        var_v = np.maximum(var_v, eps)
        num = num + np.log10(1 + gain**2 * var_t / (var_v + sigma_n_sq)).sum(axis=(2, 3))
        den = den + np.log10(1 + var_t / sigma_n_sq).sum(axis=(2, 3))
    return (num / den).mean(axis=1)


@pytest.mark.parametrize(("sigma_n_sq", "reduction", "channels"), [(2.0, "mean", 1), (0.5, "none", 2)])
def test_vif(sigma_n_sq, reduction, channels, device):
    batches = image_batches((2, channels, 41, 44), num_batches=2)
    # flat regions exercise the masks
    batches[0][0][0, :, :20, :20] = 0.5

    def reference(preds, target):
        scores = _vif_reference(preds, target, sigma_n_sq)
        return scores.mean() if reduction == "mean" else scores

    check_metric(
        lambda: VisualInformationFidelity(sigma_n_sq, reduction),
        batches,
        reference,
        lambda preds, target: visual_information_fidelity(preds, target, sigma_n_sq, reduction),
        device=device,
    )


def test_vif_keeps_the_input_dtype():
    preds, target = image_batches((1, 1, 41, 41), num_batches=1)[0]
    metric = VisualInformationFidelity()
    metric.update(preds, target)
    assert metric.compute().dtype == torch.float64


def test_vif_of_flat_target_images_is_nan_and_of_flat_preds_zero():
    """No information in a flat target: 0 / 0, NaN (without rounding noise); a flat ``preds`` keeps none: 0."""
    flat = torch.full((2, 1, 41, 45), 0.123, dtype=torch.float32)
    textured = image_batches((2, 1, 41, 45), num_batches=1, dtype=torch.float32)[0][1]
    assert visual_information_fidelity(flat, torch.full_like(flat, 0.9), reduction="none").isnan().all()
    assert visual_information_fidelity(textured, flat, reduction="none").isnan().all()
    assert_close(visual_information_fidelity(flat, textured, reduction="none"), np.zeros(2))


def test_vif_rejects_bad_input_and_keeps_state():
    metric = VisualInformationFidelity()
    metric.update(*image_batches((1, 1, 41, 41), num_batches=1)[0])
    assert_rejected(metric, ValueError, "dtype", torch.rand(1, 1, 41, 41), torch.rand(1, 1, 41, 41).double())
    assert_rejected(metric, ValueError, "41x41", torch.rand(1, 1, 40, 41), torch.rand(1, 1, 40, 41))
    with pytest.raises(ValueError, match="reduction"):
        VisualInformationFidelity(reduction="sum")
    with pytest.raises(ValueError, match="sigma_n_sq"):
        VisualInformationFidelity(sigma_n_sq=-1.0)
