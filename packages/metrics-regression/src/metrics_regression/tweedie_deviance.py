"""Tweedie deviance score."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.tweedie_deviance import (
    _tweedie_deviance_score_arg_validation,
    _tweedie_deviance_score_compute,
    _tweedie_deviance_score_tensor_validation,
    _tweedie_deviance_score_update,
)


class TweedieDevianceScore(RegressionMetric):
    """Mean Tweedie deviance over all batches: squared error (power 0), Poisson (1), Gamma (2), ...

    Args:
        power: the Tweedie power, outside (0, 1).
        validate_args: raise a ``ValueError`` for values outside the domain (costs a device sync per batch).

    Example:
        >>> import torch
        >>> metric = TweedieDevianceScore(power=2)
        >>> metric(torch.tensor([2.0, 0.5, 1.0, 4.0]), torch.tensor([1.0, 2.0, 1.5, 2.0]))
        tensor(1.0473)
    """

    is_differentiable = True
    higher_is_better = None

    def __init__(self, power: float = 0.0, validate_args: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _tweedie_deviance_score_arg_validation(power)
        self.power = power
        self.validate_args = validate_args
        self.add_state("sum_deviance_score", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("num_observations", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, targets: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, targets, ("preds", "targets"))
        _tweedie_deviance_score_tensor_validation(preds, targets, self.power, self.validate_args)
        sum_deviance_score, num_observations = _tweedie_deviance_score_update(preds, targets, self.power)
        self.sum_deviance_score.add_(sum_deviance_score)
        self.num_observations.add_(num_observations)

    def compute(self) -> Tensor:
        """Mean Tweedie deviance over everything seen."""
        return _tweedie_deviance_score_compute(self.sum_deviance_score, self.num_observations)
