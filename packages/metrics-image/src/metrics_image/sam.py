"""Spectral angle mapper (SAM)."""

from __future__ import annotations

from typing import Any

from torch import Tensor

from metrics_image.base import ScoreMetric
from metrics_image.functional.checks import Reduction, _check_reduction
from metrics_image.functional.sam import _sam_tensor_validation, _sam_update


class SpectralAngleMapper(ScoreMetric):
    """Spectral angle mapper (SAM) of ``(N, C, H, W)`` images with ``C > 1`` bands, in radians.

    Args:
        reduction: ``"elementwise_mean"``, ``"sum"`` over all pixels, or ``"none"``/``None`` for
            the ``(N, H, W)`` angles of all images.

    Example:
        >>> import torch
        >>> target = torch.linspace(0, 1, 2 * 3 * 4 * 4).reshape(2, 3, 4, 4)
        >>> metric = SpectralAngleMapper()
        >>> metric(target.flip(1), target)
        tensor(0.7016)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(self, reduction: Reduction = "elementwise_mean", **kwargs: Any) -> None:
        _check_reduction(reduction)
        super().__init__(reduction, **kwargs)

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the spectral angle of each pixel of the batch."""
        _sam_tensor_validation(preds, target)
        self._check_devices(preds=preds, target=target)
        self._add_scores(_sam_update(preds, target))

    def compute(self) -> Tensor:
        """SAM over all pixels seen."""
        return self._reduced_scores()
