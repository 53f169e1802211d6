"""A small deterministic feature network and NumPy references shared by the FID, KID, IS and MiFID tests."""

from __future__ import annotations

import copy

import numpy as np
import torch
from scipy import linalg
from torch import nn


class TinyFeatures(nn.Module):
    """``tanh`` of a fixed random projection of the flattened images (uint8 images are scaled to [0, 1])."""

    def __init__(self, num_features: int = 6, in_features: int = 3 * 4 * 4, declare: bool = False) -> None:
        super().__init__()
        generator = torch.Generator().manual_seed(0)
        self.weight = nn.Parameter(torch.randn(in_features, num_features, generator=generator) / 4)
        if declare:
            self.num_features = num_features

    def forward(self, imgs: torch.Tensor) -> torch.Tensor:
        x = imgs.float() / 255 if imgs.dtype == torch.uint8 else imgs.float()
        return torch.tanh(x.flatten(1) @ self.weight) + x.flatten(1)[:, :1]


def image_sets(num_real: int = 24, num_fake: int = 20, shift: float = 0.3) -> tuple[torch.Tensor, torch.Tensor]:
    real = torch.rand(num_real, 3, 4, 4)
    fake = torch.rand(num_fake, 3, 4, 4) * (1 - shift) + shift
    return real, fake


def features_of(net: nn.Module, imgs: torch.Tensor) -> np.ndarray:
    """Features of ``imgs`` on the CPU, from a CPU copy of ``net`` (a metric may have moved ``net`` to a GPU)."""
    with torch.no_grad():
        return copy.deepcopy(net).cpu()(imgs.cpu()).double().numpy()


def fid_reference(real: np.ndarray, fake: np.ndarray) -> float:
    mu1, mu2 = real.mean(0), fake.mean(0)
    sigma1, sigma2 = np.cov(real, rowvar=False), np.cov(fake, rowvar=False)
    covmean = linalg.sqrtm(sigma1 @ sigma2).real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))
