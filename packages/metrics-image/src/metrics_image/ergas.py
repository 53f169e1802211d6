"""Relative dimensionless global error in synthesis (ERGAS)."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_image.base import ScoreMetric
from metrics_image.functional.checks import Reduction, _check_image_pair
from metrics_image.functional.ergas import _ergas_arg_validation, _ergas_update


class ErrorRelativeGlobalDimensionlessSynthesis(ScoreMetric):
    """Relative dimensionless global error in synthesis (ERGAS) of ``(N, C, H, W)`` multispectral images.

    Args:
        ratio: ratio of the high to the low resolution pixel sizes.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None`` over the images.

    Example:
        >>> import torch
        >>> target = torch.linspace(0.5, 1, 2 * 3 * 8 * 8).reshape(2, 3, 8, 8)
        >>> metric = ErrorRelativeGlobalDimensionlessSynthesis()
        >>> metric(0.9 * target, target)
        tensor(2.5014)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, ratio: float = 4, reduction: Reduction = "elementwise_mean", **kwargs: Any) -> None:
        _ergas_arg_validation(ratio, reduction)
        super().__init__(reduction, sum_dtype=torch.float64, **kwargs)
        self.ratio = ratio

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the ERGAS of each image of the batch."""
        _check_image_pair(preds, target)
        self._check_devices(preds=preds, target=target)
        self._add_scores(_ergas_update(preds, target, self.ratio))

    def compute(self) -> Tensor:
        """ERGAS over all images seen."""
        return self._reduced_scores()
