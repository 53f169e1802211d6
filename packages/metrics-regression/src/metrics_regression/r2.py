"""R² (coefficient of determination)."""

from __future__ import annotations

from typing import Any

from torch import Tensor

from metrics_regression.base import InferredOutputsMetric
from metrics_regression.functional.r2 import (
    _r2_score_arg_validation,
    _r2_score_compute,
    _r2_score_tensor_validation,
)


class R2Score(InferredOutputsMetric):
    """R², the coefficient of determination, over all batches.

    The state is the streaming co-moments of targets and residuals (constant memory), merged with
    a numerically stable formula. The number of outputs is taken from the first batch.

    Args:
        adjusted: number of independent regressors for the adjusted R² (0: plain R²).
        multioutput: ``"uniform_average"``, ``"variance_weighted"`` (by target variance) or ``"raw_values"``.

    Example:
        >>> import torch
        >>> metric = R2Score()
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.9486)
    """

    is_differentiable = True
    higher_is_better = True
    plot_upper_bound = 1.0

    def __init__(self, adjusted: int = 0, multioutput: str = "uniform_average", **kwargs: Any) -> None:
        _r2_score_arg_validation(adjusted, multioutput)
        super().__init__(**kwargs)
        self.adjusted = adjusted
        self.multioutput = multioutput

    def _validate(self, preds: Tensor, target: Tensor) -> None:
        _r2_score_tensor_validation(preds, target)

    def _columns(self, preds: Tensor, target: Tensor) -> tuple[Tensor, ...]:
        return target, target - preds

    def compute(self) -> Tensor:
        """R² over everything seen."""
        return _r2_score_compute(self.moments, self.adjusted, self.multioutput, self._summed_dtype())
