"""Total variation."""

from __future__ import annotations

from typing import Any

from torch import Tensor

from metrics_image.base import ScoreMetric
from metrics_image.functional.checks import _check_reduction
from metrics_image.functional.tv import (
    TV_REDUCTIONS,
    TVReduction,
    _total_variation_tensor_validation,
    _total_variation_update,
)


class TotalVariation(ScoreMetric):
    """Total variation of ``(N, C, H, W)`` images: summed absolute differences of vertical and horizontal neighbours.

    Args:
        reduction: ``"sum"`` or ``"mean"`` over the images, or ``"none"``/``None`` for one score each.

    Example:
        >>> import torch
        >>> metric = TotalVariation()
        >>> metric(torch.arange(2 * 1 * 3 * 3.0).reshape(2, 1, 3, 3))
        tensor(48.)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0

    def __init__(self, reduction: TVReduction = "sum", **kwargs: Any) -> None:
        _check_reduction(reduction, TV_REDUCTIONS)
        super().__init__(reduction, mean="mean", **kwargs)

    def update(self, img: Tensor) -> None:
        """Add the total variation of each image of the batch."""
        _total_variation_tensor_validation(img)
        self._check_devices(img=img)
        self._add_scores(_total_variation_update(img))

    def compute(self) -> Tensor:
        """Total variation over all images seen."""
        return self._reduced_scores()
