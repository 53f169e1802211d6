"""The base classes shared by the image metrics."""

from __future__ import annotations

import os
from typing import Any

import torch
from metrics_core import Metric
from metrics_core.states import dim_zero_cat
from torch import Tensor
from torch.nn import Module

from metrics_image.feature_extractor import resolve_feature_extractor
from metrics_image.functional.checks import Reduction, _check_devices


class ImageMetric(Metric):
    """An image metric: forward from the batch's states, updates that validate before they touch a state."""

    full_state_update = False
    _update_merges_last = True

    def _check_devices(self, **tensors: Tensor) -> None:
        """Raise a ``ValueError`` naming both devices when an input is not on the states' device."""
        _check_devices(self.device, type(self).__name__, **tensors)


class ScoreMetric(ImageMetric):
    """Scores summed over images or pixels (``"elementwise_mean"``, ``"sum"``) or kept (``"none"``/``None``).

    Args:
        reduction: the reduction over the scores.
        mean: the name of the averaging reduction (``"elementwise_mean"`` or ``"mean"``).
        sum_dtype: dtype of the running sum: None for the default float dtype; ``torch.float64``
            to add scores of any dtype without loss and return the value in the dtype of the inputs.
    """

    def __init__(
        self,
        reduction: Reduction | str,
        mean: str = "elementwise_mean",
        sum_dtype: torch.dtype | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.reduction = reduction
        self._mean = mean
        self._keeps_scores = reduction not in (mean, "sum")
        self._cast_to_input = sum_dtype is not None
        self._input_dtype = torch.get_default_dtype()
        if self._keeps_scores:
            self.add_state("scores", default=[], dist_reduce_fx="cat")
        else:
            self.add_state("score_sum", default=torch.tensor(0.0, dtype=sum_dtype), dist_reduce_fx="sum")
            self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def _add_scores(self, scores: Tensor) -> None:
        """Merge a batch's scores: kept, or added to the sum and the count."""
        if self._keeps_scores:
            self.scores.append(scores)
            return
        self._input_dtype = scores.dtype
        self.score_sum += scores.sum()
        self.total += scores.numel()

    def _reduced_scores(self) -> Tensor:
        if self._keeps_scores:
            return dim_zero_cat(self.scores)
        value = self.score_sum / self.total if self.reduction == self._mean else self.score_sum
        return value.to(self._input_dtype) if self._cast_to_input else value


def _check_bool(value: object, name: str) -> None:
    if not isinstance(value, bool):
        raise ValueError(f"Argument `{name}` expected to be a bool, got {value!r}")


class GenerativeMetric(ImageMetric):
    """Metrics of generated images on features of a network; ``reset`` may keep the real images' states.

    Args:
        feature: the user's ``torch.nn.Module`` mapping a batch of images to ``(N, D)`` features,
            or the InceptionV3 layer to use (which needs ``feature_extractor_weights_path``).
        valid: the layers ``feature`` may choose.
        normalize: images come as floats in [0, 1] (converted to uint8 for the InceptionV3).
        reset_real_features: whether ``reset`` also forgets the real images.
        real_states: the names of the states that hold the real images.
    """

    is_differentiable = False
    higher_is_better = False
    plot_lower_bound = 0.0
    feature_network: str = "inception"
    # Whether ``normalize`` also turns images into uint8 for the user's own network (InceptionScore does).
    _normalize_custom_models = False

    def __init__(
        self,
        feature: int | str | Module,
        valid: tuple[int | str, ...],
        normalize: bool,
        reset_real_features: bool,
        real_states: tuple[str, ...],
        feature_extractor_weights_path: str | os.PathLike | None = None,
        antialias: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        _check_bool(normalize, "normalize")
        _check_bool(reset_real_features, "reset_real_features")
        self.inception, self.used_custom_model = resolve_feature_extractor(
            feature, valid, type(self).__name__, feature_extractor_weights_path, antialias
        )
        self.normalize = normalize
        self.reset_real_features = reset_real_features
        self._real_states = real_states

    def _features(self, imgs: Tensor) -> Tensor:
        """Features of the images, ``(N, D)``: floats in [0, 1] become uint8 for the InceptionV3."""
        if not isinstance(imgs, Tensor):
            raise TypeError(f"`imgs` must be a torch.Tensor, got {type(imgs).__name__}")
        self._check_devices(imgs=imgs)
        if self.normalize and (self._normalize_custom_models or not self.used_custom_model):
            imgs = (imgs * 255).byte()
        with torch.no_grad():  # these metrics are not differentiable: no graph through the network
            features = self.inception(imgs)
        if not isinstance(features, Tensor):
            raise TypeError(f"The feature network must return a tensor, got {type(features).__name__}")
        return features

    def reset(self) -> None:
        """Restore the default states, keeping those of the real images unless ``reset_real_features``."""
        kept = {} if self.reset_real_features else {name: getattr(self, name) for name in self._real_states}
        super().reset()
        for name, value in kept.items():
            setattr(self, name, value)
