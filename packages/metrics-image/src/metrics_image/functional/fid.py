"""Fréchet distance between Gaussians fitted to two sets of features (FID), from running float64 sums.

``tr(sqrtm(S1 S2))`` is computed without a general matrix square root: with ``R = sqrt(S1)``
(symmetric), ``S1 S2`` is similar to the symmetric positive semi-definite ``R S2 R``, so the trace
is the sum of the square roots of its eigenvalues (``torch.linalg.eigvalsh``).
"""

from __future__ import annotations

import torch
from torch import Tensor


def _feature_statistics(features: Tensor) -> tuple[Tensor, Tensor, int]:
    """Sum, sum of outer products (float64) and number of the ``(N, D)`` features."""
    features = features.double()
    return features.sum(dim=0), features.t().mm(features), features.shape[0]


def _mean_and_covariance(feature_sum: Tensor, outer_sum: Tensor, num_samples: int | Tensor) -> tuple[Tensor, Tensor]:
    """Mean and unbiased covariance from the running sums of ``num_samples`` features."""
    mean = (feature_sum / num_samples).unsqueeze(0)
    covariance = (outer_sum - num_samples * mean.t().mm(mean)) / (num_samples - 1)
    return mean.squeeze(0), covariance


def _sqrtm_psd(matrix: Tensor) -> Tensor:
    """Square root of a symmetric positive semi-definite matrix (negative rounding noise clipped)."""
    eigenvalues, eigenvectors = torch.linalg.eigh(matrix)
    return (eigenvectors * eigenvalues.clamp(min=0).sqrt()) @ eigenvectors.mT


def _trace_sqrt_product(sigma1: Tensor, sigma2: Tensor) -> Tensor:
    """``tr(sqrtm(sigma1 @ sigma2))`` for covariance matrices, through ``sqrt(sigma1) sigma2 sqrt(sigma1)``."""
    root = _sqrtm_psd(sigma1)
    product = root @ sigma2 @ root
    return torch.linalg.eigvalsh((product + product.mT) / 2).clamp(min=0).sqrt().sum(dim=-1)


def _frechet_distance(mu1: Tensor, sigma1: Tensor, mu2: Tensor, sigma2: Tensor) -> Tensor:
    """``|mu1 - mu2|^2 + tr(sigma1) + tr(sigma2) - 2 tr(sqrtm(sigma1 sigma2))``."""
    mean_term = (mu1 - mu2).square().sum(dim=-1)
    trace_term = sigma1.trace() + sigma2.trace()
    return mean_term + trace_term - 2 * _trace_sqrt_product(sigma1, sigma2)
