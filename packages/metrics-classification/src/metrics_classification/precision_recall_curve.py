"""Precision-recall curve classes, and the bases of every curve family (ROC, AUROC, average precision).

With ``thresholds=None`` a metric keeps the formatted scores and targets in list states (exact curves, memory
growing with the data); with thresholds it keeps a constant-size histogram of the scores against the sorted
thresholds, ``histogram`` ([C,] 2, T + 1), turned into a multi-threshold confusion matrix (T, [C,] 2, 2) in
``compute``. Each family subclasses these bases and only overrides ``compute``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import torch
from metrics_core.metric import Metric
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import (
    CurveAverage,
    Curves,
    Normalization,
    Thresholds,
    _binary_columns,
    _binary_precision_recall_curve_arg_validation,
    _binary_precision_recall_curve_compute,
    _binary_precision_recall_curve_format,
    _binary_precision_recall_curve_tensor_validation,
    _ClassColumns,
    _curve_task,
    _histogram_confmat,
    _multiclass_columns,
    _multiclass_precision_recall_curve_arg_validation,
    _multiclass_precision_recall_curve_compute,
    _multiclass_precision_recall_curve_format,
    _multiclass_precision_recall_curve_tensor_validation,
    _multilabel_columns,
    _multilabel_precision_recall_curve_arg_validation,
    _multilabel_precision_recall_curve_compute,
    _multilabel_precision_recall_curve_format,
    _multilabel_precision_recall_curve_tensor_validation,
    _score_histogram,
    _sorted_thresholds,
    _thresholds_tensor,
)
from metrics_classification.stat_scores import _check_device, _ClassificationTaskWrapper


class _CurveBase(Metric):
    """Exact (list states ``preds``, ``target``) or binned (``histogram``) state of a curve metric."""

    is_differentiable: ClassVar[bool] = False
    higher_is_better: ClassVar[bool | None] = None
    full_state_update: ClassVar[bool] = False
    _update_merges_last: ClassVar[bool] = True

    _curve_kind: ClassVar[str]
    thresholds: Tensor | None

    def _add_curve_states(self, thresholds: Thresholds, classes: tuple[int, ...]) -> None:
        thresholds = _thresholds_tensor(thresholds)
        self.register_buffer("thresholds", thresholds, persistent=False)
        self._thresholds_key = None if thresholds is None else tuple(thresholds.tolist())
        if thresholds is None:
            self.add_state("preds", [], dist_reduce_fx="cat")
            self.add_state("target", [], dist_reduce_fx="cat")
            return
        # the thresholds sorted once, for the histogram of every batch
        ordered, restore = _sorted_thresholds(thresholds)
        self.register_buffer("_ordered_thresholds", ordered, persistent=False)
        self.register_buffer("_threshold_restore", restore, persistent=False)
        bins = len(thresholds) + 1
        self.add_state("histogram", torch.zeros(*(classes or (1,)), 2, bins, dtype=torch.long), "sum")

    def _batch_state(
        self, preds: Tensor, target: Tensor, columns: Callable[[], _ClassColumns]
    ) -> Tensor | tuple[Tensor, Tensor]:
        """A formatted batch's state: itself (exact), or the histogram of its ``columns`` (binned)."""
        return (preds, target) if self.thresholds is None else _score_histogram(columns(), self._ordered_thresholds)

    def _merge(self, state: Tensor | tuple[Tensor, Tensor]) -> None:
        """Add a batch's state (the last step of ``update``)."""
        if isinstance(state, Tensor):
            self.histogram += state
        else:
            self.preds.append(state[0])
            self.target.append(state[1])

    def _state(self) -> Tensor | tuple[Tensor, Tensor]:
        """Exact ``(preds, target)``, or the tables (T, [C,] 2, 2) of the accumulated histogram."""
        if self.thresholds is None:
            return dim_zero_cat(self.preds), dim_zero_cat(self.target)
        tables = _histogram_confmat(self.histogram, self._threshold_restore)
        return tables[:, 0] if self._curve_kind == "binary" else tables

    @property
    def _compute_group_key(self) -> tuple:
        """The arguments the states depend on: a ``MetricCollection`` only lets equal keys share states."""
        names = ("num_classes", "num_labels", "ignore_index", "normalization")
        return (
            "curve",
            type(self).__mro__[-4].__name__,
            self._thresholds_key,
            *(getattr(self, n, None) for n in names),
        )


class _BinaryCurve(_CurveBase):
    _curve_kind: ClassVar[str] = "binary"

    def __init__(
        self,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        normalization: Normalization = "sigmoid",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _binary_precision_recall_curve_arg_validation(thresholds, ignore_index)
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self.normalization = normalization
        self._add_curve_states(thresholds, ())

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch: ``preds`` probabilities or logits (N, ...), ``target`` 0/1 labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _binary_precision_recall_curve_tensor_validation(preds, target, self.ignore_index)
        preds, target = _binary_precision_recall_curve_format(preds, target, self.ignore_index, self.normalization)
        self._merge(self._batch_state(preds, target, lambda: _binary_columns(preds, target)))


class _MulticlassCurve(_CurveBase):
    _curve_kind: ClassVar[str] = "multiclass"
    plot_legend_name: ClassVar[str] = "Class"

    def __init__(
        self,
        num_classes: int,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multiclass_precision_recall_curve_arg_validation(num_classes, thresholds, ignore_index)
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self._add_curve_states(thresholds, (num_classes,))

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch: ``preds`` probabilities or logits (N, C, ...), ``target`` labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _multiclass_precision_recall_curve_tensor_validation(preds, target, self.num_classes, self.ignore_index)
        preds, target = _multiclass_precision_recall_curve_format(preds, target, self.num_classes, self.ignore_index)
        self._merge(self._batch_state(preds, target, lambda: _multiclass_columns(preds, target, self.num_classes)))


class _MultilabelCurve(_CurveBase):
    _curve_kind: ClassVar[str] = "multilabel"
    plot_legend_name: ClassVar[str] = "Label"

    def __init__(
        self,
        num_labels: int,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multilabel_precision_recall_curve_arg_validation(num_labels, thresholds, ignore_index)
        self.num_labels = num_labels
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self._add_curve_states(thresholds, (num_labels,))

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch: ``preds`` probabilities or logits (N, L, ...), ``target`` 0/1 labels (N, L, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _multilabel_precision_recall_curve_tensor_validation(preds, target, self.num_labels, self.ignore_index)
        preds, target = _multilabel_precision_recall_curve_format(preds, target, self.num_labels, self.ignore_index)
        self._merge(self._batch_state(preds, target, lambda: _multilabel_columns(preds, target)))


class BinaryPrecisionRecallCurve(_BinaryCurve):
    """Precision-recall curve of binary scores: precision and recall at every threshold, thresholds increasing.

    Args:
        thresholds: None for the exact curve (keeps every score); an int (that many thresholds evenly spaced in
            [0, 1]), a list or a 1-d tensor of thresholds for a binned curve in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.
        normalization: ``"sigmoid"`` applied to scores outside [0, 1], or None to keep scores as they are.

    Example:
        >>> import torch
        >>> metric = BinaryPrecisionRecallCurve(thresholds=5)
        >>> metric.update(torch.tensor([0.0, 0.5, 0.7, 0.8]), torch.tensor([0, 1, 1, 0]))
        >>> precision, recall, thresholds = metric.compute()
        >>> precision
        tensor([0.5000, 0.6667, 0.6667, 0.0000,    nan, 1.0000])
    """

    def compute(self) -> tuple[Tensor, Tensor, Tensor]:
        """Precision and recall (T + 1,), closed by the point (1, 0), and the thresholds (T,)."""
        return _binary_precision_recall_curve_compute(self._state(), self.thresholds)


class MulticlassPrecisionRecallCurve(_MulticlassCurve):
    """One-vs-rest precision-recall curve of each class of multiclass scores.

    Args:
        num_classes: number of classes.
        thresholds: None for exact curves (lists of per-class tensors); an int, a list or a 1-d tensor of
            thresholds for binned curves (tensors (C, T + 1)) in constant memory.
        average: None for per-class curves, ``"micro"`` for one curve over all one-hot entries, ``"macro"`` for the
            mean of the class curves interpolated at their common points.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassPrecisionRecallCurve(num_classes=3)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6]])
        >>> precision, recall, thresholds = metric(preds, torch.tensor([0, 1, 1]))
        >>> recall[1]
        tensor([1.0000, 0.5000, 0.0000])
    """

    def __init__(
        self,
        num_classes: int,
        thresholds: Thresholds = None,
        average: CurveAverage = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, thresholds, ignore_index, validate_args, **kwargs)
        if validate_args:
            _multiclass_precision_recall_curve_arg_validation(num_classes, average=average)
        self.average = average

    def compute(self) -> Curves:
        """Precision, recall and thresholds of each class (or their average)."""
        return _multiclass_precision_recall_curve_compute(
            self._state(), self.num_classes, self.thresholds, self.average
        )


class MultilabelPrecisionRecallCurve(_MultilabelCurve):
    """Precision-recall curve of each label of multilabel scores.

    Args:
        num_labels: number of labels.
        thresholds: None for exact curves (lists of per-label tensors); an int, a list or a 1-d tensor of
            thresholds for binned curves (tensors (L, T + 1)) in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelPrecisionRecallCurve(num_labels=2, thresholds=3)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9]])
        >>> precision, recall, thresholds = metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1]]))
        >>> recall
        tensor([[1.0000, 0.5000, 0.0000, 0.0000],
                [1.0000, 1.0000, 0.0000, 0.0000]])
    """

    def compute(self) -> Curves:
        """Precision, recall and thresholds of each label."""
        return _multilabel_precision_recall_curve_compute(self._state(), self.num_labels, self.thresholds)


def _curve_task_metric(
    classes: tuple[type[Metric], type[Metric], type[Metric]],
    task: str,
    num_classes: int | None,
    num_labels: int | None,
    binary_args: tuple = (),
    class_args: tuple = (),
    **kwargs: Any,
) -> Metric:
    """Build the binary, multiclass or multilabel curve metric of ``classes`` that ``task`` names."""
    binary, multiclass, multilabel = classes
    task = _curve_task(task, num_classes, num_labels)
    if task == "binary":
        return binary(*binary_args, **kwargs)
    if task == "multiclass":
        return multiclass(num_classes, *class_args, **kwargs)
    return multilabel(num_labels, *class_args, **kwargs)


class PrecisionRecallCurve(_ClassificationTaskWrapper):
    """Precision-recall curve of a ``task``: a :class:`BinaryPrecisionRecallCurve` or its multiclass/multilabel form.

    Example:
        >>> import torch
        >>> metric = PrecisionRecallCurve(task="binary")
        >>> precision, recall, thresholds = metric(torch.tensor([0.1, 0.4, 0.8]), torch.tensor([0, 1, 1]))
        >>> precision
        tensor([0.6667, 1.0000, 1.0000, 1.0000])
    """

    def __new__(
        cls,
        task: str,
        thresholds: Thresholds = None,
        num_classes: int | None = None,
        num_labels: int | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryPrecisionRecallCurve, MulticlassPrecisionRecallCurve, MultilabelPrecisionRecallCurve)
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        return _curve_task_metric(classes, task, num_classes, num_labels, **kwargs)
