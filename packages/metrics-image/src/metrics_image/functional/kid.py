"""Kernel inception distance (KID): the unbiased MMD with a polynomial kernel between feature subsets."""

from __future__ import annotations

import torch
from torch import Tensor


def _poly_kernel(f1: Tensor, f2: Tensor, degree: int = 3, gamma: float | None = None, coef: float = 1.0) -> Tensor:
    """Polynomial kernel ``(gamma * f1 @ f2.T + coef) ** degree``; ``gamma`` defaults to ``1 / D``."""
    if gamma is None:
        gamma = 1.0 / f1.shape[1]
    return (f1 @ f2.T * gamma + coef) ** degree


def _maximum_mean_discrepancy(k_xx: Tensor, k_xy: Tensor, k_yy: Tensor) -> Tensor:
    """Unbiased squared MMD from the kernel matrices (diagonals of ``k_xx``, ``k_yy`` left out)."""
    m = k_xx.shape[0]
    # row sums without the diagonal first, then their total: the summation order of TorchMetrics
    within_x = (k_xx.sum(dim=-1) - k_xx.diagonal()).sum()
    within_y = (k_yy.sum(dim=-1) - k_yy.diagonal()).sum()
    return (within_x + within_y) / (m * (m - 1)) - 2 * k_xy.sum(dim=0).sum() / m**2


def _poly_mmd(f_real: Tensor, f_fake: Tensor, degree: int = 3, gamma: float | None = None, coef: float = 1.0) -> Tensor:
    k_11 = _poly_kernel(f_real, f_real, degree, gamma, coef)
    k_22 = _poly_kernel(f_fake, f_fake, degree, gamma, coef)
    k_12 = _poly_kernel(f_real, f_fake, degree, gamma, coef)
    return _maximum_mean_discrepancy(k_11, k_12, k_22)


def _kid_compute(
    real_features: Tensor,
    fake_features: Tensor,
    subsets: int,
    subset_size: int,
    degree: int = 3,
    gamma: float | None = None,
    coef: float = 1.0,
) -> tuple[Tensor, Tensor]:
    """Mean and (population) standard deviation of the MMD over ``subsets`` random subsets of each set.

    Each subset draws ``torch.randperm`` of the real, then of the fake features, from the global
    generator, in the order TorchMetrics draws them.
    """
    for name, features in (("real", real_features), ("fake", fake_features)):
        if features.shape[0] < subset_size:
            raise ValueError(
                f"Argument `subset_size` should be smaller than the number of samples: {subset_size} > the"
                f" {features.shape[0]} {name} samples"
            )
    scores = []
    for _ in range(subsets):
        real = real_features[torch.randperm(real_features.shape[0])[:subset_size]]
        fake = fake_features[torch.randperm(fake_features.shape[0])[:subset_size]]
        scores.append(_poly_mmd(real, fake, degree, gamma, coef))
    kid_scores = torch.stack(scores)
    return kid_scores.mean(), kid_scores.std(unbiased=False)
