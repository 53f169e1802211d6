"""Visual information fidelity (VIF)."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_image.base import ScoreMetric
from metrics_image.functional.vif import VIFReduction, _vif_arg_validation, _vif_tensor_validation, _vif_update


class VisualInformationFidelity(ScoreMetric):
    """Pixel-domain visual information fidelity (VIF) of ``(N, C, H, W)`` images of at least 41x41 pixels.

    Args:
        sigma_n_sq: variance of the visual noise.
        reduction: ``"mean"`` over the images, or ``"none"`` for one value per image.

    Example:
        >>> import torch
        >>> _ = torch.manual_seed(42)
        >>> target = torch.rand(2, 3, 48, 48)
        >>> metric = VisualInformationFidelity()
        >>> metric(0.8 * target + 0.2 * torch.rand(2, 3, 48, 48), target)
        tensor(0.6425)
    """

    is_differentiable = True
    higher_is_better = True

    def __init__(self, sigma_n_sq: float = 2.0, reduction: VIFReduction = "mean", **kwargs: Any) -> None:
        _vif_arg_validation(sigma_n_sq, reduction)
        super().__init__(reduction, mean="mean", sum_dtype=torch.float64, **kwargs)
        self.sigma_n_sq = sigma_n_sq

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the VIF of each image of the batch."""
        _vif_tensor_validation(preds, target)
        self._check_devices(preds=preds, target=target)
        self._add_scores(_vif_update(preds, target, self.sigma_n_sq))

    def compute(self) -> Tensor:
        """VIF over all images seen."""
        return self._reduced_scores()
