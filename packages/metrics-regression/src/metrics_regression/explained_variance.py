"""Explained variance."""

from __future__ import annotations

from typing import Any

from torch import Tensor

from metrics_regression.base import InferredOutputsMetric
from metrics_regression.functional.explained_variance import (
    _explained_variance_arg_validation,
    _explained_variance_compute,
    _explained_variance_format,
    _explained_variance_tensor_validation,
)


class ExplainedVariance(InferredOutputsMetric):
    """Explained variance ``1 - var(target - preds) / var(target)`` over all batches.

    The state is the streaming co-moments of targets and residuals (constant memory), merged with
    a numerically stable formula. The number of outputs is taken from the first batch.

    Args:
        multioutput: ``"uniform_average"``, ``"variance_weighted"`` (by target variance) or ``"raw_values"``.

    Example:
        >>> import torch
        >>> metric = ExplainedVariance()
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.9572)
    """

    is_differentiable = True
    higher_is_better = True
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(self, multioutput: str = "uniform_average", **kwargs: Any) -> None:
        _explained_variance_arg_validation(multioutput)
        super().__init__(**kwargs)
        self.multioutput = multioutput

    def _validate(self, preds: Tensor, target: Tensor) -> None:
        _explained_variance_tensor_validation(preds, target)

    def _columns(self, preds: Tensor, target: Tensor) -> tuple[Tensor, ...]:
        object.__setattr__(self, "_sample_shape", target.shape[1:])  # raw values come back in this shape
        preds, target = _explained_variance_format(preds, target)
        return target, target - preds

    def compute(self) -> Tensor:
        """Explained variance over everything seen (``raw_values``: shaped like one sample)."""
        value = _explained_variance_compute(self.moments, self.multioutput, self._summed_dtype())
        shape = getattr(self, "_sample_shape", None)
        return value.reshape(shape) if self.multioutput == "raw_values" and shape is not None else value
