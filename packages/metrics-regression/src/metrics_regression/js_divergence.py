"""Jensen-Shannon divergence."""

from __future__ import annotations

import math
from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.js_divergence import (
    _jsd_arg_validation,
    _jsd_compute,
    _jsd_tensor_validation,
    _jsd_update,
)


class JensenShannonDivergence(RegressionMetric):
    """Jensen-Shannon divergence of each row of ``p`` and ``q`` over all batches (natural log), reduced over rows.

    With ``reduction="mean"`` or ``"sum"`` the states are a running sum and row count (constant
    memory); with ``"none"`` every row's divergence is kept.

    Args:
        log_prob: the inputs are log-probabilities (else probabilities, normalized per row).
        reduction: ``"mean"``, ``"sum"`` or ``"none"`` (``None``) over all rows.

    Example:
        >>> import torch
        >>> metric = JensenShannonDivergence()
        >>> metric(torch.tensor([[0.36, 0.48, 0.16]]), torch.tensor([[1 / 3, 1 / 3, 1 / 3]]))
        tensor(0.0225)
    """

    is_differentiable = True
    higher_is_better = False
    plot_lower_bound = 0.0
    plot_upper_bound = math.log(2.0)

    def __init__(self, log_prob: bool = False, reduction: str | None = "mean", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _jsd_arg_validation(log_prob, reduction)
        self.log_prob = log_prob
        self.reduction = reduction
        if reduction in ("mean", "sum"):
            self.add_state("measures", default=torch.tensor(0.0), dist_reduce_fx="sum")
        else:
            self.add_state("measures", default=[], dist_reduce_fx="cat")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, p: Tensor, q: Tensor) -> None:
        """Add a batch of distributions, ``(N, D)`` each."""
        self._check_device(p, q, ("p", "q"))
        _jsd_tensor_validation(p, q)
        measures, total = _jsd_update(p, q, self.log_prob)
        if isinstance(self.measures, list):
            self.measures.append(measures)
        else:
            self.measures = self.measures + measures.sum()
        self.total.add_(total)

    def compute(self) -> Tensor:
        """Jensen-Shannon divergence over everything seen."""
        measures = dim_zero_cat(self.measures) if isinstance(self.measures, list) else self.measures
        return _jsd_compute(measures, self.total, self.reduction)
