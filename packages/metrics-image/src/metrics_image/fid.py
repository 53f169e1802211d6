"""Fréchet inception distance (FID) on a feature network."""

from __future__ import annotations

import os
from typing import Any

import torch
from torch import Tensor
from torch.nn import Module

from metrics_image.base import GenerativeMetric
from metrics_image.functional.fid import _feature_statistics, _frechet_distance, _mean_and_covariance


class FrechetInceptionDistance(GenerativeMetric):
    """Fréchet inception distance (FID) between the features of real and generated images.

    The running float64 sums of the features and of their outer products give the mean and
    covariance of each set (constant memory, summed across processes); ``compute`` returns the
    Fréchet distance of the two Gaussians in the dtype of the features.

    ``update(imgs, real)`` adds a batch to the real (``real=True``) or the generated set.

    Args:
        feature: a ``torch.nn.Module`` mapping a batch of images to ``(N, D)`` features, or the
            InceptionV3 layer (64, 192, 768, 2048), which needs ``feature_extractor_weights_path``.
        reset_real_features: whether ``reset`` also forgets the real images.
        normalize: images come as floats in [0, 1] instead of uint8 (for the InceptionV3).
        input_img_size: shape of the dummy image that finds ``D`` when the module has no
            ``num_features`` attribute.
        feature_extractor_weights_path: local copy of torch-fidelity's InceptionV3 weights.
        antialias: antialiased resizing to 299x299 in the InceptionV3.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 8 * 8, 4))
        >>> fid = FrechetInceptionDistance(feature=net, normalize=True, input_img_size=(3, 8, 8))
        >>> fid.update(torch.rand(16, 3, 8, 8), real=True)
        >>> fid.update(torch.rand(16, 3, 8, 8) + 0.5, real=False)
        >>> fid.compute()
        tensor(0.3442)
    """

    real_features_sum: Tensor
    real_features_cov_sum: Tensor
    real_features_num_samples: Tensor
    fake_features_sum: Tensor
    fake_features_cov_sum: Tensor
    fake_features_num_samples: Tensor

    def __init__(
        self,
        feature: int | Module = 2048,
        reset_real_features: bool = True,
        normalize: bool = False,
        input_img_size: tuple[int, int, int] = (3, 299, 299),
        feature_extractor_weights_path: str | os.PathLike | None = None,
        antialias: bool = True,
        **kwargs: Any,
    ) -> None:
        real_states = ("real_features_sum", "real_features_cov_sum", "real_features_num_samples")
        super().__init__(
            feature,
            (64, 192, 768, 2048),
            normalize,
            reset_real_features,
            real_states,
            feature_extractor_weights_path,
            antialias,
            **kwargs,
        )
        num_features = self._num_features(input_img_size)
        self.num_features = num_features
        self.orig_dtype = torch.get_default_dtype()
        for prefix in ("real", "fake"):
            self.add_state(f"{prefix}_features_sum", torch.zeros(num_features, dtype=torch.float64), "sum")
            self.add_state(
                f"{prefix}_features_cov_sum", torch.zeros(num_features, num_features, dtype=torch.float64), "sum"
            )
            self.add_state(f"{prefix}_features_num_samples", torch.tensor(0), "sum")

    def _num_features(self, input_img_size: tuple[int, int, int]) -> int:
        """``D``: the network's ``num_features``, or the width of its features on one dummy image."""
        if not self.used_custom_model:
            return self.inception.num_features
        declared = getattr(self.inception, "num_features", None)
        if isinstance(declared, Tensor):
            return int(declared.item())
        if isinstance(declared, int):
            return declared
        if declared is not None:
            raise TypeError(
                f"Expected `num_features` of the feature network to be an int or a Tensor, got {declared!r}"
            )
        if self.normalize:
            dummy = torch.rand(1, *input_img_size, dtype=torch.float32)
        else:
            dummy = torch.randint(0, 255, (1, *input_img_size), dtype=torch.uint8)
        with torch.no_grad():
            return self.inception(dummy).shape[-1]

    def update(self, imgs: Tensor, real: bool) -> None:
        """Add the features of a batch of real (``real=True``) or generated images."""
        features = self._features(imgs)
        if features.ndim == 1:
            features = features.unsqueeze(0)
        if features.ndim != 2 or features.shape[1] != self.num_features:
            raise ValueError(
                f"The feature network must return (N, {self.num_features}) features, got {tuple(features.shape)}"
            )
        feature_sum, outer_sum, num_samples = _feature_statistics(features)
        self.orig_dtype = features.dtype
        prefix = "real" if real else "fake"
        getattr(self, f"{prefix}_features_sum").add_(feature_sum)
        getattr(self, f"{prefix}_features_cov_sum").add_(outer_sum)
        getattr(self, f"{prefix}_features_num_samples").add_(num_samples)

    def compute(self) -> Tensor:
        """FID between the real and generated images seen (at least two of each)."""
        if self.real_features_num_samples < 2 or self.fake_features_num_samples < 2:
            raise RuntimeError("More than one sample is required for both the real and fake distributed to compute FID")
        mean_real, cov_real = _mean_and_covariance(
            self.real_features_sum, self.real_features_cov_sum, self.real_features_num_samples
        )
        mean_fake, cov_fake = _mean_and_covariance(
            self.fake_features_sum, self.fake_features_cov_sum, self.fake_features_num_samples
        )
        return _frechet_distance(mean_real, cov_real, mean_fake, cov_fake).to(self.orig_dtype)
