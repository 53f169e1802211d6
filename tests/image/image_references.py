"""NumPy/SciPy references shared by several image tests (UQI, windowed filters, reductions)."""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def reduce_scores(scores: np.ndarray, reduction: str | None) -> np.ndarray:
    if reduction in ("elementwise_mean", "mean"):
        return scores.mean()
    if reduction == "sum":
        return scores.sum()
    return scores


def gaussian_weights(size: int, sigma: float) -> np.ndarray:
    offsets = np.arange(size) - (size - 1) / 2
    weights = np.exp(-(offsets**2) / (2 * sigma**2))
    return weights / weights.sum()


def uqi_map(preds: np.ndarray, target: np.ndarray, kernel_size: int = 11, sigma: float = 1.5) -> np.ndarray:
    """UQI map of ``(N, C, H, W)`` images over square Gaussian windows, mirror padding, border cropped."""
    weights = gaussian_weights(kernel_size, sigma)

    def local_mean(x):
        for axis in (2, 3):
            x = ndimage.correlate1d(x, weights, axis=axis, mode="mirror")
        return x

    mu_p, mu_t = local_mean(preds), local_mean(target)
    var_p = np.maximum(local_mean(preds**2) - mu_p**2, 0)
    var_t = np.maximum(local_mean(target**2) - mu_t**2, 0)
    cov = local_mean(preds * target) - mu_p * mu_t
    eps = np.finfo(preds.dtype).eps
    index = 4 * mu_p * mu_t * cov / ((mu_p**2 + mu_t**2) * (var_p + var_t) + eps)
    pad = (kernel_size - 1) // 2
    return index[..., pad:-pad, pad:-pad]


def box_mean(x: np.ndarray, size: int, mode: str = "reflect") -> np.ndarray:
    """Mean over ``size`` x ``size`` windows of the last two axes (SciPy's window placement for even sizes)."""
    return ndimage.uniform_filter(x, size=(1,) * (x.ndim - 2) + (size, size), mode=mode)
