"""Exact match classes: the fraction of samples predicted entirely right, for multiclass and multilabel inputs."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import torch
from metrics_core.metric import Metric
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_classification.functional.exact_match import (
    _exact_match_reduce,
    _multiclass_exact_match_update,
    _multilabel_exact_match_update,
)
from metrics_classification.functional.stat_scores import (
    MultidimAverage,
    _check_task_int,
    _classification_task,
    _multiclass_stat_scores_arg_validation,
    _multiclass_stat_scores_format,
    _multiclass_stat_scores_tensor_validation,
    _multilabel_stat_scores_arg_validation,
    _multilabel_stat_scores_format,
    _multilabel_stat_scores_tensor_validation,
)
from metrics_classification.stat_scores import _check_device, _ClassificationTaskWrapper


class _ExactMatchBase(Metric):
    """Accumulates ``correct`` (a total, or per-sample values in a list) and ``total``."""

    is_differentiable: ClassVar[bool] = False
    higher_is_better: ClassVar[bool] = True
    full_state_update: ClassVar[bool] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0
    _update_merges_last: ClassVar[bool] = True

    def _add_states(self, multidim_average: MultidimAverage) -> None:
        samplewise = multidim_average == "samplewise"
        self.add_state(
            "correct", [] if samplewise else torch.zeros(1, dtype=torch.long), "cat" if samplewise else "sum"
        )
        self.add_state("total", torch.zeros(1, dtype=torch.long), "mean" if samplewise else "sum")

    def _merge(self, correct: Tensor, total: Tensor) -> None:
        if isinstance(self.correct, list):
            self.correct.append(correct)
            self.total = total  # per-sample fractions share the number of positions of the latest batch
        else:
            self.correct = self.correct + correct
            self.total = self.total + total

    def compute(self) -> Tensor:
        """Exact match over everything accumulated."""
        return _exact_match_reduce(dim_zero_cat(self.correct), self.total)


class MulticlassExactMatch(_ExactMatchBase):
    """Exact match of multiclass predictions: the fraction of samples (N, ...) with every position right.

    Args:
        num_classes: number of classes.
        multidim_average: ``"global"`` over all samples, ``"samplewise"`` one 0/1 value per sample.
        ignore_index: target value whose positions count as right.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassExactMatch(num_classes=3)
        >>> metric(torch.tensor([[0, 1], [2, 2]]), torch.tensor([[0, 1], [2, 0]]))
        tensor(0.5000)
    """

    plot_legend_name: ClassVar[str] = "Class"

    def __init__(
        self,
        num_classes: int,
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multiclass_stat_scores_arg_validation(num_classes, 1, None, multidim_average, ignore_index)
        self.num_classes = num_classes
        self.multidim_average = multidim_average
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self._add_states(multidim_average)

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Count a batch: ``preds`` labels (N, ...) or scores (N, C, ...), ``target`` labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _multiclass_stat_scores_tensor_validation(
                preds, target, self.num_classes, self.multidim_average, self.ignore_index
            )
        preds, target = _multiclass_stat_scores_format(preds, target, 1)
        self._merge(*_multiclass_exact_match_update(preds, target, self.multidim_average, self.ignore_index))


class MultilabelExactMatch(_ExactMatchBase):
    """Exact match of multilabel predictions: the fraction of samples (N, L) with every label right.

    Args:
        num_labels: number of labels.
        threshold: probability above which a prediction is positive (logits get a sigmoid first).
        multidim_average: ``"global"`` over all samples and positions, ``"samplewise"`` over the positions of each
            sample.
        ignore_index: target value that counts as right.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelExactMatch(num_labels=3)
        >>> metric(torch.tensor([[0.1, 0.9, 0.2], [0.8, 0.3, 0.4]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.5000)
    """

    plot_legend_name: ClassVar[str] = "Label"

    def __init__(
        self,
        num_labels: int,
        threshold: float = 0.5,
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multilabel_stat_scores_arg_validation(num_labels, threshold, None, multidim_average, ignore_index)
        self.num_labels = num_labels
        self.threshold = threshold
        self.multidim_average = multidim_average
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self._add_states(multidim_average)

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Count a batch: ``preds`` labels, probabilities or logits (N, L, ...), ``target`` 0/1 labels (N, L, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _multilabel_stat_scores_tensor_validation(
                preds, target, self.num_labels, self.multidim_average, self.ignore_index
            )
        preds, target = _multilabel_stat_scores_format(
            preds, target, self.num_labels, self.threshold, self.ignore_index
        )
        self._merge(*_multilabel_exact_match_update(preds, target, self.num_labels, self.multidim_average))


class ExactMatch(_ClassificationTaskWrapper):
    """Exact match of a ``task``: returns a :class:`MulticlassExactMatch` or a :class:`MultilabelExactMatch`.

    Example:
        >>> import torch
        >>> metric = ExactMatch(task="multilabel", num_labels=3)
        >>> metric(torch.tensor([[0, 1, 0], [1, 1, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor(0.5000)
    """

    def __new__(
        cls,
        task: Literal["multiclass", "multilabel"],
        threshold: float = 0.5,
        num_classes: int | None = None,
        num_labels: int | None = None,
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        kwargs.update(multidim_average=multidim_average, ignore_index=ignore_index, validate_args=validate_args)
        task = _classification_task(task, ("multiclass", "multilabel"))
        if task == "multiclass":
            _check_task_int("num_classes", num_classes, task)
            return MulticlassExactMatch(num_classes, **kwargs)
        _check_task_int("num_labels", num_labels, task)
        return MultilabelExactMatch(num_labels, threshold, **kwargs)
