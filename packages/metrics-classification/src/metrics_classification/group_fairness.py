"""Group fairness classes: one (num_groups, 2, 2) table of counts per group (a constant-size state)."""

from __future__ import annotations

from typing import Any, ClassVar

import torch
from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.group_fairness import (
    FairnessTask,
    _binary_groups_stat_scores,
    _fairness_compute,
    _fairness_task_validation,
    _groups_arg_validation,
    _groups_stat_rates,
)
from metrics_classification.stat_scores import _check_device


class _GroupStatScores(Metric):
    is_differentiable: ClassVar[bool] = False
    higher_is_better: ClassVar[bool] = False
    full_state_update: ClassVar[bool] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0
    _update_merges_last: ClassVar[bool] = True
    _task: str = "all"  # what a batch is counted for: demographic parity alone needs no target

    def __init__(
        self,
        num_groups: int,
        threshold: float = 0.5,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _groups_arg_validation(num_groups, threshold, ignore_index)
        self.num_groups = num_groups
        self.threshold = threshold
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self.add_state("confmat", torch.zeros(num_groups, 2, 2, dtype=torch.long), dist_reduce_fx="sum")

    @property
    def _compute_group_key(self) -> tuple:
        """What the counts depend on: a ``MetricCollection`` only lets metrics with equal keys share them."""
        predictions_only = self._task == "demographic_parity"  # counted without target or ignore_index
        return ("group_fairness", self.num_groups, self.threshold, self.ignore_index, predictions_only)

    def update(self, preds: Tensor, target: Tensor | None, groups: Tensor) -> None:
        """Add a batch: ``preds`` (N, ...), 0/1 ``target`` (N, ...), ``groups`` ids (N,) or (N, ...)."""
        _check_device(self, preds, preds if target is None else target)
        self.confmat += _binary_groups_stat_scores(
            preds,
            target,
            groups,
            self.num_groups,
            self.threshold,
            self.ignore_index,
            self.validate_args,
            self._task,
        )


class BinaryGroupStatRates(_GroupStatScores):
    """Rates of true positives, false positives, true negatives and false negatives within each group.

    A group without counted samples gets NaN rates.

    Args:
        num_groups: number of groups; ``groups`` holds ids in [0, num_groups).
        threshold: probability above which a prediction is positive.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryGroupStatRates(num_groups=2)
        >>> preds = torch.tensor([0.9, 0.2, 0.7, 0.4, 0.8, 0.1])
        >>> metric(preds, torch.tensor([1, 0, 0, 1, 1, 0]), torch.tensor([0, 0, 0, 1, 1, 1]))
        {'group_0': tensor([0.3333, 0.3333, 0.3333, 0.0000]), 'group_1': tensor([0.3333, 0.0000, 0.3333, 0.3333])}
    """

    def compute(self) -> dict[str, Tensor]:
        """``{"group_<id>": tensor([tp, fp, tn, fn]) / samples of the group}`` for every group."""
        return _groups_stat_rates(self.confmat, range(self.num_groups))


class BinaryFairness(_GroupStatScores):
    """Demographic parity and/or equal opportunity: the lowest group rate divided by the highest.

    Demographic parity compares the rates of positive predictions, equal opportunity the true positive rates. The
    keys name the groups with the lowest and the highest rate: ``DP_<low>_<high>``, ``EO_<low>_<high>``.

    Args:
        num_groups: number of groups; ``groups`` holds ids in [0, num_groups).
        task: ``"demographic_parity"`` (predictions only: ``target`` may be None, ``ignore_index`` has no effect),
            ``"equal_opportunity"`` or ``"all"``.
        threshold: probability above which a prediction is positive.
        ignore_index: target value left out (of both ratios with ``task="all"``).
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryFairness(num_groups=2)
        >>> preds = torch.tensor([0.9, 0.2, 0.7, 0.4, 0.8, 0.1])
        >>> metric(preds, torch.tensor([1, 0, 0, 1, 1, 0]), torch.tensor([0, 0, 0, 1, 1, 1]))
        {'DP_1_0': tensor(0.5000), 'EO_1_0': tensor(0.5000)}
    """

    def __init__(
        self,
        num_groups: int,
        task: FairnessTask = "all",
        threshold: float = 0.5,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        _fairness_task_validation(task)
        super().__init__(num_groups, threshold, ignore_index, validate_args, **kwargs)
        self.task = task

    @property
    def _task(self) -> str:
        return self.task

    def compute(self) -> dict[str, Tensor]:
        """The ratios ``task`` asks for, over every group."""
        return _fairness_compute(self.confmat, self.task, range(self.num_groups))
