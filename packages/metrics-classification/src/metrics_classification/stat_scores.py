"""Stat scores (tp, fp, tn, fn, support) classes: the base of every stat-score family, and the task wrappers' base.

A binary or multilabel metric accumulates ``confmat``: one-vs-rest tables [[tn, fp], [fn, tp]], shape (2, 2) or
(L, 2, 2). A multiclass metric accumulates a (C, C) ``confmat`` (rows: target), or ``hits`` = [misses, hits] when
micro-averaged. With ``multidim_average="samplewise"`` the per-sample tables are kept in a list. Each family
(accuracy, precision, ...) subclasses these classes and only overrides ``compute``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import torch
from metrics_core.metric import Metric
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_classification.functional.stat_scores import (
    Average,
    MultidimAverage,
    Task,
    _binary_stat_scores_arg_validation,
    _binary_stat_scores_counts,
    _binary_stat_scores_format,
    _binary_stat_scores_tensor_validation,
    _check_task_int,
    _classification_task,
    _multiclass_counts_stats,
    _multiclass_stat_scores_arg_validation,
    _multiclass_stat_scores_counts,
    _multiclass_stat_scores_format,
    _multiclass_stat_scores_tensor_validation,
    _multilabel_counts_stats,
    _multilabel_stat_scores_arg_validation,
    _multilabel_stat_scores_counts,
    _multilabel_stat_scores_format,
    _multilabel_stat_scores_tensor_validation,
    _stat_scores_compute,
    _two_by_two_stats,
)


def _check_device(metric: Metric, preds: Tensor, target: Tensor) -> None:
    """A ``ValueError`` naming both devices when the inputs are not on the device of the metric's states."""
    device = metric.device
    preds_device, target_device = getattr(preds, "device", device), getattr(target, "device", device)
    if preds_device != device or target_device != device:
        raise ValueError(
            f"Expected `preds` and `target` on the device of {type(metric).__name__}'s states ({device}), but got"
            f" preds on {preds_device} and target on {target_device}; move the metric with `.to(device)`"
        )


class _StatScoresBase(Metric):
    """Accumulates one count tensor (or a list of per-sample ones) and turns it into ``tp, fp, tn, fn``."""

    is_differentiable: ClassVar[bool] = False
    higher_is_better: ClassVar[bool | None] = None
    full_state_update: ClassVar[bool] = False
    _update_merges_last: ClassVar[bool] = True

    multidim_average: MultidimAverage

    def _add_counts_state(self, name: str, default: Tensor) -> None:
        self._counts_name = name
        if self.multidim_average == "samplewise":
            self.add_state(name, [], dist_reduce_fx="cat")
        else:
            self.add_state(name, default, dist_reduce_fx="sum")

    def _count(self, counts: Callable[..., Tensor], *args: Any, **kwargs: Any) -> None:
        """Add ``counts(*args)`` into the state (the last step of ``update``), or append per-sample counts.

        Validated inputs are counted straight into the state; unvalidated ones first apart, so that an index
        out of range fails before the state is touched.
        """
        state = self.__dict__[self._counts_name]
        if isinstance(state, list):
            state.append(counts(*args, **kwargs))
        elif self.validate_args:
            counts(*args, out=state, **kwargs)
        else:
            state.add_(counts(*args, **kwargs))

    def _counts(self) -> Tensor:
        return dim_zero_cat(getattr(self, self._counts_name))

    @property
    def _compute_group_key(self) -> tuple:
        """The arguments the counts depend on: a ``MetricCollection`` only lets equal keys share states."""
        names = ("threshold", "num_classes", "num_labels", "top_k", "multidim_average", "ignore_index")
        return (self._counts_name, *(getattr(self, name, None) for name in names))


class BinaryStatScores(_StatScoresBase):
    """True positives, false positives, true negatives, false negatives and support of binary predictions.

    Args:
        threshold: probability above which a prediction is positive (logits get a sigmoid first).
        multidim_average: ``"global"`` counts over everything, ``"samplewise"`` per sample (N, ...).
        ignore_index: target value left out of the counts.
        validate_args: check the arguments and every batch.
        zero_division: value of a score whose denominator is 0 (used by the score families).

    Example:
        >>> import torch
        >>> metric = BinaryStatScores()
        >>> metric(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor([1, 1, 1, 1, 2])
    """

    def __init__(
        self,
        threshold: float = 0.5,
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _binary_stat_scores_arg_validation(threshold, multidim_average, ignore_index, zero_division)
        self.threshold = threshold
        self.multidim_average = multidim_average
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self.zero_division = zero_division
        self._add_counts_state("confmat", torch.zeros(2, 2, dtype=torch.long))

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Count a batch: ``preds`` labels, probabilities or logits (N, ...), ``target`` 0/1 labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _binary_stat_scores_tensor_validation(preds, target, self.multidim_average, self.ignore_index)
        preds, target = _binary_stat_scores_format(preds, target, self.threshold, self.ignore_index)
        self._count(
            _binary_stat_scores_counts, preds, target, self.multidim_average, ignore=self.ignore_index is not None
        )

    def _final_state(self) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        return _two_by_two_stats(self._counts())

    def compute(self) -> Tensor:
        """``[tp, fp, tn, fn, support]``: (5,), or (N, 5) per sample."""
        tp, fp, tn, fn = self._final_state()
        return _stat_scores_compute(tp, fp, tn, fn, "binary", self.multidim_average)


class MulticlassStatScores(_StatScoresBase):
    """True positives, false positives, true negatives, false negatives and support of multiclass predictions.

    Args:
        num_classes: number of classes (may be None with ``average="micro"``).
        top_k: a prediction is right when the target is among the ``top_k`` highest scores.
        average: ``"micro"`` sums over classes, ``"macro"`` averages them, ``"weighted"`` by support,
            ``"none"``/``None`` keeps one row per class.
        multidim_average: ``"global"`` counts over everything, ``"samplewise"`` per sample (N, ...).
        ignore_index: target value left out of the counts.
        validate_args: check the arguments and every batch.
        zero_division: value of a score whose denominator is 0 (used by the score families).

    Example:
        >>> import torch
        >>> metric = MulticlassStatScores(num_classes=3, average="micro")
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor([3, 1, 7, 1, 4])
    """

    plot_legend_name: ClassVar[str] = "Class"

    def __init__(
        self,
        num_classes: int | None = None,
        top_k: int = 1,
        average: Average = "macro",
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multiclass_stat_scores_arg_validation(
                num_classes, top_k, average, multidim_average, ignore_index, zero_division
            )
        self.num_classes = num_classes
        self.top_k = top_k
        self.average = average
        self.multidim_average = multidim_average
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self.zero_division = zero_division
        self._classes = num_classes or 1
        if average == "micro":
            self._add_counts_state("hits", torch.zeros(2, dtype=torch.long))
        else:
            self._add_counts_state("confmat", torch.zeros(self._classes, self._classes, dtype=torch.long))

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Count a batch: ``preds`` labels (N, ...) or scores (N, C, ...), ``target`` labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _multiclass_stat_scores_tensor_validation(
                preds, target, self.num_classes, self.multidim_average, self.ignore_index
            )
        preds, target = _multiclass_stat_scores_format(preds, target, self.top_k)
        self._count(
            _multiclass_stat_scores_counts,
            preds,
            target,
            self._classes,
            self.top_k,
            self.average,
            self.multidim_average,
            self.ignore_index,
        )

    def _final_state(self) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        return _multiclass_counts_stats(self._counts(), self._classes, self.average, self.multidim_average)

    def compute(self) -> Tensor:
        """``[tp, fp, tn, fn, support]`` in the last dimension: (5,), (C, 5), (N, 5) or (N, C, 5)."""
        tp, fp, tn, fn = self._final_state()
        return _stat_scores_compute(tp, fp, tn, fn, self.average, self.multidim_average)


class MultilabelStatScores(_StatScoresBase):
    """True positives, false positives, true negatives, false negatives and support of multilabel predictions.

    Args:
        num_labels: number of labels.
        threshold: probability above which a prediction is positive (logits get a sigmoid first).
        average: ``"micro"`` sums over labels, ``"macro"`` averages them, ``"weighted"`` by support,
            ``"none"``/``None`` keeps one row per label.
        multidim_average: ``"global"`` counts over everything, ``"samplewise"`` per sample (N, L, ...).
        ignore_index: target value left out of the counts.
        validate_args: check the arguments and every batch.
        zero_division: value of a score whose denominator is 0 (used by the score families).

    Example:
        >>> import torch
        >>> metric = MultilabelStatScores(num_labels=3, average="micro")
        >>> metric(torch.tensor([[0, 0, 1], [1, 0, 1]]), torch.tensor([[0, 1, 0], [1, 0, 1]]))
        tensor([2, 1, 2, 1, 3])
    """

    plot_legend_name: ClassVar[str] = "Label"

    def __init__(
        self,
        num_labels: int,
        threshold: float = 0.5,
        average: Average = "macro",
        multidim_average: MultidimAverage = "global",
        ignore_index: int | None = None,
        validate_args: bool = True,
        zero_division: float = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multilabel_stat_scores_arg_validation(
                num_labels, threshold, average, multidim_average, ignore_index, zero_division
            )
        self.num_labels = num_labels
        self.threshold = threshold
        self.average = average
        self.multidim_average = multidim_average
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self.zero_division = zero_division
        self._add_counts_state("confmat", torch.zeros(num_labels, 2, 2, dtype=torch.long))

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
        self._count(
            _multilabel_stat_scores_counts, preds, target, self.multidim_average, ignore=self.ignore_index is not None
        )

    def _final_state(self) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        return _multilabel_counts_stats(self._counts(), self.multidim_average)

    def compute(self) -> Tensor:
        """``[tp, fp, tn, fn, support]`` in the last dimension: (5,), (L, 5), (N, 5) or (N, L, 5)."""
        tp, fp, tn, fn = self._final_state()
        return _stat_scores_compute(tp, fp, tn, fn, self.average, self.multidim_average, multilabel=True)


class _ClassificationTaskWrapper(Metric):
    """Base of the task wrappers: ``Wrapper(task=...)`` returns the Binary/Multiclass/Multilabel metric itself."""

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Task wrappers build another metric and are never updated themselves."""
        raise NotImplementedError(f"{type(self).__name__} has no `update`: use the metric of the task")

    def compute(self) -> None:
        """Task wrappers build another metric and are never computed themselves."""
        raise NotImplementedError(f"{type(self).__name__} has no `compute`: use the metric of the task")


def _task_metric(
    classes: tuple[Callable[..., Metric], Callable[..., Metric], Callable[..., Metric]],
    task: Task,
    threshold: float,
    num_classes: int | None,
    num_labels: int | None,
    average: Average,
    top_k: int | None,
    leading: tuple = (),
    **kwargs: Any,
) -> Metric:
    """Build the binary, multiclass or multilabel metric of ``classes`` that ``task`` names."""
    binary, multiclass, multilabel = classes
    task = _classification_task(task)
    if task == "binary":
        return binary(*leading, threshold, **kwargs)
    if task == "multiclass":
        _check_task_int("num_classes", num_classes, task)
        _check_task_int("top_k", top_k, task)
        return multiclass(*leading, num_classes, top_k, average, **kwargs)
    _check_task_int("num_labels", num_labels, task)
    return multilabel(*leading, num_labels, threshold, average, **kwargs)


class StatScores(_ClassificationTaskWrapper):
    """Stat scores of a ``task``: a :class:`BinaryStatScores`, :class:`MulticlassStatScores` or the multilabel one.

    Example:
        >>> import torch
        >>> metric = StatScores(task="multiclass", num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor([3, 1, 7, 1, 4])
    """

    def __new__(
        cls,
        task: Task,
        threshold: float = 0.5,
        num_classes: int | None = None,
        num_labels: int | None = None,
        average: Average = "micro",
        multidim_average: MultidimAverage = "global",
        top_k: int | None = 1,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryStatScores, MulticlassStatScores, MultilabelStatScores)
        kwargs.update(multidim_average=multidim_average, ignore_index=ignore_index, validate_args=validate_args)
        return _task_metric(classes, task, threshold, num_classes, num_labels, average, top_k, **kwargs)
