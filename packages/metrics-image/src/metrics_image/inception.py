"""Inception score (IS) on a classifier network."""

from __future__ import annotations

import os
import warnings
from typing import Any

from metrics_core.states import dim_zero_cat
from torch import Tensor
from torch.nn import Module

from metrics_image.base import GenerativeMetric
from metrics_image.functional.inception import _inception_score_compute
from metrics_image.kid import _FEATURE_LAYERS


class InceptionScore(GenerativeMetric):
    """Inception score (IS) of generated images: how confident and how varied the class predictions are.

    The logits of every image are kept; ``compute`` shuffles them (``torch.randperm``), splits
    them into ``splits`` chunks and returns the ``(mean, std)`` of the score over the chunks.

    Args:
        feature: a ``torch.nn.Module`` mapping a batch of images to ``(N, num_classes)`` logits, or
            the InceptionV3 layer (default ``"logits_unbiased"``), which needs ``feature_extractor_weights_path``.
        splits: number of chunks.
        normalize: images come as floats in [0, 1]; they are turned into uint8 before the network.
        feature_extractor_weights_path: local copy of torch-fidelity's InceptionV3 weights.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 8 * 8, 10))
        >>> inception = InceptionScore(feature=net, splits=2)
        >>> inception.update(torch.rand(16, 3, 8, 8))
        >>> inception.compute()
        (tensor(1.0105), tensor(0.0002))
    """

    higher_is_better = True
    _normalize_custom_models = True

    def __init__(
        self,
        feature: str | int | Module = "logits_unbiased",
        splits: int = 10,
        normalize: bool = False,
        feature_extractor_weights_path: str | os.PathLike | None = None,
        **kwargs: Any,
    ) -> None:
        warnings.warn(
            "Metric `InceptionScore` will save all extracted features in buffer."
            " For large datasets this may lead to large memory footprint.",
            UserWarning,
            stacklevel=2,
        )
        if not isinstance(splits, int) or isinstance(splits, bool) or splits < 1:
            raise ValueError(f"Argument `splits` expected to be a positive integer, got {splits!r}")
        super().__init__(feature, _FEATURE_LAYERS, normalize, True, (), feature_extractor_weights_path, **kwargs)
        self.splits = splits
        self.add_state("features", [], dist_reduce_fx="cat")

    def update(self, imgs: Tensor) -> None:
        """Keep the logits of a batch of generated images."""
        self.features.append(self._features(imgs))

    def compute(self) -> tuple[Tensor, Tensor]:
        """Mean and standard deviation of the inception score over the splits."""
        return _inception_score_compute(dim_zero_cat(self.features), self.splits)
