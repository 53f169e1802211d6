"""Kendall rank correlation coefficient."""

from __future__ import annotations

from typing import Any

from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.checks import _check_num_outputs_arg
from metrics_regression.functional.kendall import (
    _kendall_corrcoef_arg_validation,
    _kendall_corrcoef_compute,
    _kendall_corrcoef_format,
    _kendall_corrcoef_tensor_validation,
)


class KendallRankCorrCoef(RegressionMetric):
    """Kendall rank correlation coefficient over all batches, per output; with ``t_test``, also its p-value.

    Pairs need every sample, so the states keep all predictions and targets (lists).

    Args:
        variant: ``"a"`` (no tie correction), ``"b"`` (ties in both variables) or ``"c"`` (Stuart's tau-c).
        t_test: ``compute`` also returns the p-value of the asymptotic test of tau = 0.
        alternative: ``"two-sided"``, ``"less"`` or ``"greater"``.
        num_outputs: number of outputs (columns of ``(N, num_outputs)`` inputs), each scored on its own.

    Example:
        >>> import torch
        >>> metric = KendallRankCorrCoef()
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 8.0, 1.0]))
        tensor(0.)
    """

    is_differentiable = False
    higher_is_better = None
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(
        self,
        variant: str = "b",
        t_test: bool = False,
        alternative: str | None = "two-sided",
        num_outputs: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        variant, alternative = _kendall_corrcoef_arg_validation(variant, t_test, alternative)
        _check_num_outputs_arg(num_outputs)
        self.variant = variant
        self.t_test = t_test
        self.alternative = alternative if t_test else None
        self.num_outputs = num_outputs
        self.add_state("preds", default=[], dist_reduce_fx="cat")
        self.add_state("target", default=[], dist_reduce_fx="cat")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        _kendall_corrcoef_tensor_validation(preds, target, self.num_outputs)
        preds, target = _kendall_corrcoef_format(preds, target)
        self.preds.append(preds)
        self.target.append(target)

    def compute(self) -> Tensor | tuple[Tensor, Tensor]:
        """Tau over everything seen, and the p-value with ``t_test``."""
        tau, p_value = _kendall_corrcoef_compute(
            dim_zero_cat(self.preds), dim_zero_cat(self.target), self.variant, self.alternative
        )
        return tau if p_value is None else (tau, p_value)
