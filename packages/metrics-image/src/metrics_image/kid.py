"""Kernel inception distance (KID) on a feature network."""

from __future__ import annotations

import os
import warnings
from typing import Any

from metrics_core.states import dim_zero_cat
from torch import Tensor
from torch.nn import Module

from metrics_image.base import GenerativeMetric
from metrics_image.functional.kid import _kid_compute

_FEATURE_LAYERS = ("logits_unbiased", 64, 192, 768, 2048)


def _check_positive(value: object, name: str, kind: type) -> None:
    if not isinstance(value, kind) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"Argument `{name}` expected to be {kind.__name__} larger than 0, got {value!r}")


class KernelInceptionDistance(GenerativeMetric):
    """Kernel inception distance (KID): the polynomial-kernel MMD between features of real and generated images.

    The features of every image are kept; ``compute`` averages the unbiased MMD over
    ``subsets`` random subsets (drawn with ``torch.randperm``) and returns ``(mean, std)``.

    Args:
        feature: a ``torch.nn.Module`` mapping a batch of images to ``(N, D)`` features, or the
            InceptionV3 layer (``"logits_unbiased"``, 64, 192, 768, 2048), which needs
            ``feature_extractor_weights_path``.
        subsets: number of subsets.
        subset_size: number of samples of each set in a subset.
        degree: degree of the polynomial kernel.
        gamma: scale of the kernel (default ``1 / D``).
        coef: constant term of the kernel.
        reset_real_features: whether ``reset`` also forgets the real images.
        normalize: images come as floats in [0, 1] instead of uint8 (for the InceptionV3).
        feature_extractor_weights_path: local copy of torch-fidelity's InceptionV3 weights.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 8 * 8, 4))
        >>> kid = KernelInceptionDistance(feature=net, subsets=3, subset_size=8)
        >>> kid.update(torch.rand(16, 3, 8, 8), real=True)
        >>> kid.update(torch.rand(16, 3, 8, 8) + 0.5, real=False)
        >>> kid.compute()
        (tensor(0.3874), tensor(0.0519))
    """

    plot_upper_bound = 1.0

    def __init__(
        self,
        feature: str | int | Module = 2048,
        subsets: int = 100,
        subset_size: int = 1000,
        degree: int = 3,
        gamma: float | None = None,
        coef: float = 1.0,
        reset_real_features: bool = True,
        normalize: bool = False,
        feature_extractor_weights_path: str | os.PathLike | None = None,
        **kwargs: Any,
    ) -> None:
        warnings.warn(
            "Metric `Kernel Inception Distance` will save all extracted features in buffer."
            " For large datasets this may lead to large memory footprint.",
            UserWarning,
            stacklevel=2,
        )
        _check_positive(subsets, "subsets", int)
        _check_positive(subset_size, "subset_size", int)
        _check_positive(degree, "degree", int)
        if gamma is not None:
            _check_positive(gamma, "gamma", float)
        _check_positive(coef, "coef", float)
        super().__init__(
            feature,
            _FEATURE_LAYERS,
            normalize,
            reset_real_features,
            ("real_features",),
            feature_extractor_weights_path,
            **kwargs,
        )
        self.subsets = subsets
        self.subset_size = subset_size
        self.degree = degree
        self.gamma = gamma
        self.coef = coef
        self.add_state("real_features", [], dist_reduce_fx="cat")
        self.add_state("fake_features", [], dist_reduce_fx="cat")

    def update(self, imgs: Tensor, real: bool) -> None:
        """Keep the features of a batch of real (``real=True``) or generated images."""
        features = self._features(imgs)
        (self.real_features if real else self.fake_features).append(features)

    def compute(self) -> tuple[Tensor, Tensor]:
        """Mean and standard deviation of KID over the subsets."""
        return _kid_compute(
            dim_zero_cat(self.real_features),
            dim_zero_cat(self.fake_features),
            self.subsets,
            self.subset_size,
            self.degree,
            self.gamma,
            self.coef,
        )
