"""Memorization-informed Fréchet inception distance (MiFID) on a feature network."""

from __future__ import annotations

import os
from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor
from torch.nn import Module

from metrics_image.base import GenerativeMetric
from metrics_image.functional.mifid import _mifid_compute


class MemorizationInformedFrechetInceptionDistance(GenerativeMetric):
    """Memorization-informed FID (MiFID): FID penalised when generated features copy real ones.

    The features of every image are kept (float64): the memorisation term is the mean cosine
    distance of each real feature to its nearest generated one, used when below ``cosine_distance_eps``.

    Args:
        feature: a ``torch.nn.Module`` mapping a batch of images to ``(N, D)`` features, or the
            InceptionV3 layer (64, 192, 768, 2048), which needs ``feature_extractor_weights_path``.
        reset_real_features: whether ``reset`` also forgets the real images.
        normalize: images come as floats in [0, 1] instead of uint8 (for the InceptionV3).
        cosine_distance_eps: threshold of the memorisation distance, in (0, 1].
        feature_extractor_weights_path: local copy of torch-fidelity's InceptionV3 weights.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 8 * 8, 4))
        >>> mifid = MemorizationInformedFrechetInceptionDistance(feature=net)
        >>> mifid.update(torch.rand(16, 3, 8, 8), real=True)
        >>> mifid.update(torch.rand(16, 3, 8, 8) + 0.5, real=False)
        >>> mifid.compute()
        tensor(8.5950)
    """

    plot_lower_bound = None
    real_features: list[Tensor]
    fake_features: list[Tensor]

    def __init__(
        self,
        feature: int | Module = 2048,
        reset_real_features: bool = True,
        normalize: bool = False,
        cosine_distance_eps: float = 0.1,
        feature_extractor_weights_path: str | os.PathLike | None = None,
        **kwargs: Any,
    ) -> None:
        if not (isinstance(cosine_distance_eps, float) and 1 >= cosine_distance_eps > 0):
            raise ValueError(
                f"Argument `cosine_distance_eps` expected to be a float in (0, 1], got {cosine_distance_eps!r}"
            )
        super().__init__(
            feature,
            (64, 192, 768, 2048),
            normalize,
            reset_real_features,
            ("real_features",),
            feature_extractor_weights_path,
            **kwargs,
        )
        self.cosine_distance_eps = cosine_distance_eps
        self.orig_dtype = torch.get_default_dtype()
        self.add_state("real_features", [], dist_reduce_fx="cat")
        self.add_state("fake_features", [], dist_reduce_fx="cat")

    def update(self, imgs: Tensor, real: bool) -> None:
        """Keep the features (float64) of a batch of real (``real=True``) or generated images."""
        features = self._features(imgs)
        self.orig_dtype = features.dtype
        (self.real_features if real else self.fake_features).append(features.double())

    def compute(self) -> Tensor:
        """MiFID between the real and generated images seen."""
        real_features = dim_zero_cat(self.real_features)
        fake_features = dim_zero_cat(self.fake_features)
        return _mifid_compute(real_features, fake_features, self.cosine_distance_eps).to(self.orig_dtype)
