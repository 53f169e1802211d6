"""Multilabel ranking classes: a summed per-sample score and a sample count (constant-size states)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import torch
from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.ranking import (
    _multilabel_coverage_error_update,
    _multilabel_ranking_arg_validation,
    _multilabel_ranking_average_precision_update,
    _multilabel_ranking_format,
    _multilabel_ranking_loss_update,
    _multilabel_ranking_tensor_validation,
    _ranking_reduce,
)
from metrics_classification.stat_scores import _check_device


class _MultilabelRanking(Metric):
    is_differentiable: ClassVar[bool] = False
    full_state_update: ClassVar[bool] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0
    plot_legend_name: ClassVar[str] = "Label"
    _update_merges_last: ClassVar[bool] = True
    _score: ClassVar[Callable[[Tensor, Tensor], tuple[Tensor, Tensor]]]

    def __init__(
        self, num_labels: int, ignore_index: int | None = None, validate_args: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multilabel_ranking_arg_validation(num_labels, ignore_index)
        self.num_labels = num_labels
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self.add_state("measure", torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total", torch.tensor(0.0), dist_reduce_fx="sum")

    @property
    def _compute_group_key(self) -> tuple:
        """The three ranking scores keep states of the same names: a collection must never let them share."""
        return (type(self)._score, self.num_labels, self.ignore_index)

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch: ``preds`` probabilities or logits (N, L, ...), ``target`` 0/1 labels (N, L, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _multilabel_ranking_tensor_validation(preds, target, self.num_labels, self.ignore_index)
        preds, target = _multilabel_ranking_format(preds, target, self.num_labels, self.ignore_index)
        measure, total = type(self)._score(preds, target)
        self.measure += measure
        self.total += total

    def compute(self) -> Tensor:
        """The mean per-sample score."""
        return _ranking_reduce(self.measure, self.total)


class MultilabelCoverageError(_MultilabelRanking):
    """Coverage error: how far down the ranked labels one must go, on average, to cover every relevant label.

    Args:
        num_labels: number of labels.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelCoverageError(num_labels=3)
        >>> preds = torch.tensor([[0.8, 0.2, 0.5], [0.4, 0.6, 0.1], [0.3, 0.9, 0.7]])
        >>> metric(preds, torch.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0]]))
        tensor(2.6667)
    """

    higher_is_better: ClassVar[bool] = False
    _score = staticmethod(_multilabel_coverage_error_update)


class MultilabelRankingAveragePrecision(_MultilabelRanking):
    """Label ranking average precision: for each relevant label, the share of relevant labels ranked at or above it.

    Args:
        num_labels: number of labels.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelRankingAveragePrecision(num_labels=3)
        >>> preds = torch.tensor([[0.8, 0.2, 0.5], [0.4, 0.6, 0.1], [0.3, 0.9, 0.7]])
        >>> metric(preds, torch.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0]]))
        tensor(0.7222)
    """

    higher_is_better: ClassVar[bool] = True
    _score = staticmethod(_multilabel_ranking_average_precision_update)


class MultilabelRankingLoss(_MultilabelRanking):
    """Label ranking loss: the average fraction of (relevant, irrelevant) label pairs ranked in the wrong order.

    Args:
        num_labels: number of labels.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelRankingLoss(num_labels=3)
        >>> preds = torch.tensor([[0.8, 0.2, 0.5], [0.4, 0.6, 0.1], [0.3, 0.9, 0.7]])
        >>> metric(preds, torch.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0]]))
        tensor(0.5000)
    """

    higher_is_better: ClassVar[bool] = False
    _score = staticmethod(_multilabel_ranking_loss_update)
