"""Average precision classes: precision weighted by recall steps, exact (list states) or binned (constant size)."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.average_precision import (
    ClassAverage,
    LabelAverage,
    _binary_average_precision_compute,
    _multiclass_average_precision_arg_validation,
    _multiclass_average_precision_compute,
    _multilabel_average_precision_arg_validation,
    _multilabel_average_precision_compute,
)
from metrics_classification.functional.precision_recall_curve import Thresholds
from metrics_classification.precision_recall_curve import (
    _BinaryCurve,
    _curve_task_metric,
    _MulticlassCurve,
    _MultilabelCurve,
)
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class BinaryAveragePrecision(_BinaryCurve):
    """Average precision of binary scores: precision at each threshold weighted by the recall gained there.

    Args:
        thresholds: None for the exact score (keeps every score); an int, a list or a 1-d tensor of thresholds
            for a binned score in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryAveragePrecision()
        >>> metric(torch.tensor([0.0, 0.5, 0.7, 0.8]), torch.tensor([0, 1, 1, 0]))
        tensor(0.5833)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def compute(self) -> Tensor:
        """The score (a scalar)."""
        return _binary_average_precision_compute(self._state(), self.thresholds)


class MulticlassAveragePrecision(_MulticlassCurve):
    """One-vs-rest average precision of multiclass scores.

    Args:
        num_classes: number of classes.
        average: ``"macro"`` (mean over classes), ``"weighted"`` (by support), ``"none"``/``None`` (per class).
        thresholds: None for exact scores (keeps every score); an int, a list or a 1-d tensor of thresholds for
            binned scores in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassAveragePrecision(num_classes=3, average=None)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        tensor([1.0000, 0.8333, 1.0000])
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        num_classes: int,
        average: ClassAverage = "macro",
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, thresholds, ignore_index, validate_args, **kwargs)
        if validate_args:
            _multiclass_average_precision_arg_validation(num_classes, average, thresholds, ignore_index)
        self.average = average

    def compute(self) -> Tensor:
        """The score of each class (C,), or their average."""
        return _multiclass_average_precision_compute(self._state(), self.num_classes, self.average, self.thresholds)


class MultilabelAveragePrecision(_MultilabelCurve):
    """Average precision of multilabel scores.

    Args:
        num_labels: number of labels.
        average: ``"micro"`` (all entries as one binary problem), ``"macro"``, ``"weighted"`` (by support),
            ``"none"``/``None`` (per label).
        thresholds: None for exact scores (keeps every score); an int, a list or a 1-d tensor of thresholds for
            binned scores in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelAveragePrecision(num_labels=2, average=None)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]))
        tensor([0.8333, 1.0000])
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        num_labels: int,
        average: LabelAverage = "macro",
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_labels, thresholds, ignore_index, validate_args, **kwargs)
        if validate_args:
            _multilabel_average_precision_arg_validation(num_labels, average, thresholds, ignore_index)
        self.average = average

    def compute(self) -> Tensor:
        """The score of each label (L,), their average, or the micro score."""
        return _multilabel_average_precision_compute(self._state(), self.average, self.thresholds)


class AveragePrecision(_ClassificationTaskWrapper):
    """Average precision of a ``task``: a :class:`BinaryAveragePrecision` or its multiclass or multilabel form.

    Example:
        >>> import torch
        >>> metric = AveragePrecision(task="multiclass", num_classes=3)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        tensor(0.9444)
    """

    def __new__(
        cls,
        task: str,
        thresholds: Thresholds = None,
        num_classes: int | None = None,
        num_labels: int | None = None,
        average: LabelAverage = "macro",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryAveragePrecision, MulticlassAveragePrecision, MultilabelAveragePrecision)
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        return _curve_task_metric(classes, task, num_classes, num_labels, class_args=(average,), **kwargs)
