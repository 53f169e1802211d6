"""Critical success index."""

from __future__ import annotations

from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.csi import (
    _critical_success_index_arg_validation,
    _critical_success_index_compute,
    _critical_success_index_tensor_validation,
    _critical_success_index_update,
)


class CriticalSuccessIndex(RegressionMetric):
    """Critical success index ``hits / (hits + misses + false_alarms)`` of events ``value >= threshold``.

    Args:
        threshold: values at or above it are events.
        keep_sequence_dim: a dimension to keep: the value then holds one score per index along it, for
            every batch in turn (kept as a list of per-batch counts).

    Example:
        >>> import torch
        >>> metric = CriticalSuccessIndex(threshold=0.5)
        >>> preds = torch.tensor([[0.2, 0.7], [0.9, 0.3]])
        >>> metric(preds, torch.tensor([[0.4, 0.8], [0.2, 0.6]]))
        tensor(0.3333)
    """

    is_differentiable = False
    higher_is_better = True
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(self, threshold: float, keep_sequence_dim: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _critical_success_index_arg_validation(threshold, keep_sequence_dim)
        self.threshold = float(threshold)
        self.keep_sequence_dim = keep_sequence_dim
        if keep_sequence_dim is None:
            self.add_state("hits", default=torch.tensor(0), dist_reduce_fx="sum")
            self.add_state("misses", default=torch.tensor(0), dist_reduce_fx="sum")
            self.add_state("false_alarms", default=torch.tensor(0), dist_reduce_fx="sum")
        else:
            self.add_state("hits_list", default=[], dist_reduce_fx="cat")
            self.add_state("misses_list", default=[], dist_reduce_fx="cat")
            self.add_state("false_alarms_list", default=[], dist_reduce_fx="cat")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of forecasts and observations."""
        self._check_device(preds, target)
        _critical_success_index_tensor_validation(preds, target, self.keep_sequence_dim)
        hits, misses, false_alarms = _critical_success_index_update(
            preds, target, self.threshold, self.keep_sequence_dim
        )
        if self.keep_sequence_dim is None:
            self.hits.add_(hits)
            self.misses.add_(misses)
            self.false_alarms.add_(false_alarms)
        else:
            self.hits_list.append(hits)
            self.misses_list.append(misses)
            self.false_alarms_list.append(false_alarms)

    def compute(self) -> Tensor:
        """Critical success index over everything seen (per sequence index with ``keep_sequence_dim``)."""
        if self.keep_sequence_dim is None:
            return _critical_success_index_compute(self.hits, self.misses, self.false_alarms)
        return _critical_success_index_compute(
            dim_zero_cat(self.hits_list), dim_zero_cat(self.misses_list), dim_zero_cat(self.false_alarms_list)
        )
