"""Memorization-informed FID (MiFID): FID divided by how far the fake features are from memorised real ones."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_image.functional.fid import _frechet_distance


def _cosine_distance(features1: Tensor, features2: Tensor, cosine_distance_eps: float = 0.1) -> Tensor:
    """Mean over ``features1`` of the smallest cosine distance to ``features2``; 1 when not below the threshold."""
    nonzero1 = features1[features1.sum(dim=1) != 0]
    nonzero2 = features2[features2.sum(dim=1) != 0]
    norm1 = nonzero1 / nonzero1.norm(dim=1, keepdim=True)
    norm2 = nonzero2 / nonzero2.norm(dim=1, keepdim=True)
    distance = 1.0 - torch.abs(norm1 @ norm2.t())
    mean_min = distance.min(dim=1).values.mean()
    return mean_min if mean_min < cosine_distance_eps else torch.ones_like(mean_min)


def _mifid_compute(real_features: Tensor, fake_features: Tensor, cosine_distance_eps: float = 0.1) -> Tensor:
    """MiFID of two ``(N, D)`` float64 feature sets; 0 when a set has a single sample (no covariance)."""
    cov_real, cov_fake = torch.cov(real_features.t()), torch.cov(fake_features.t())
    if min(real_features.shape[0], fake_features.shape[0]) < 2:
        # TorchMetrics' FID is NaN then, which its threshold below turns into 0
        return torch.zeros((), dtype=real_features.dtype, device=real_features.device)
    fid = _frechet_distance(real_features.mean(dim=0), cov_real, fake_features.mean(dim=0), cov_fake)
    distance = _cosine_distance(real_features, fake_features, cosine_distance_eps)
    return fid / (distance + 1e-14) if fid > 1e-8 else torch.zeros_like(fid)
