"""AUROC classes: area under the ROC curve, exact (list states) or binned (constant-size state)."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.auroc import (
    ClassAverage,
    LabelAverage,
    _binary_auroc_arg_validation,
    _binary_auroc_compute,
    _multiclass_auroc_arg_validation,
    _multiclass_auroc_compute,
    _multilabel_auroc_arg_validation,
    _multilabel_auroc_compute,
)
from metrics_classification.functional.precision_recall_curve import Thresholds
from metrics_classification.precision_recall_curve import (
    _BinaryCurve,
    _curve_task_metric,
    _MulticlassCurve,
    _MultilabelCurve,
)
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class BinaryAUROC(_BinaryCurve):
    """Area under the ROC curve of binary scores.

    Args:
        max_fpr: if given, the partial area up to this false positive rate, standardised (McClish).
        thresholds: None for the exact area (keeps every score); an int, a list or a 1-d tensor of thresholds
            for a binned area in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryAUROC()
        >>> metric(torch.tensor([0.0, 0.5, 0.7, 0.8]), torch.tensor([0, 1, 1, 0]))
        tensor(0.5000)
    """

    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def __init__(
        self,
        max_fpr: float | None = None,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(thresholds, ignore_index, validate_args, **kwargs)
        if validate_args:
            _binary_auroc_arg_validation(max_fpr, thresholds, ignore_index)
        self.max_fpr = max_fpr

    def compute(self) -> Tensor:
        """The area (a scalar)."""
        return _binary_auroc_compute(self._state(), self.thresholds, self.max_fpr)


class MulticlassAUROC(_MulticlassCurve):
    """One-vs-rest area under the ROC curve of multiclass scores.

    Args:
        num_classes: number of classes.
        average: ``"macro"`` (mean over classes), ``"weighted"`` (by support), ``"none"``/``None`` (per class).
        thresholds: None for exact areas (keeps every score); an int, a list or a 1-d tensor of thresholds for
            binned areas in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassAUROC(num_classes=3, average=None)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        tensor([1.0000, 0.8750, 1.0000])
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
            _multiclass_auroc_arg_validation(num_classes, average, thresholds, ignore_index)
        self.average = average

    def compute(self) -> Tensor:
        """The area of each class (C,), or their average."""
        return _multiclass_auroc_compute(self._state(), self.num_classes, self.average, self.thresholds)


class MultilabelAUROC(_MultilabelCurve):
    """Area under the ROC curve of multilabel scores.

    Args:
        num_labels: number of labels.
        average: ``"micro"`` (all entries as one binary problem), ``"macro"``, ``"weighted"`` (by support),
            ``"none"``/``None`` (per label).
        thresholds: None for exact areas (keeps every score); an int, a list or a 1-d tensor of thresholds for
            binned areas in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelAUROC(num_labels=2, average=None)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]))
        tensor([0.7500, 1.0000])
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
            _multilabel_auroc_arg_validation(num_labels, average, thresholds, ignore_index)
        self.average = average

    def compute(self) -> Tensor:
        """The area of each label (L,), their average, or the micro area."""
        return _multilabel_auroc_compute(self._state(), self.average, self.thresholds)


class AUROC(_ClassificationTaskWrapper):
    """Area under the ROC curve of a ``task``: a :class:`BinaryAUROC`, :class:`MulticlassAUROC` or the multilabel one.

    Example:
        >>> import torch
        >>> metric = AUROC(task="multiclass", num_classes=3)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        tensor(0.9583)
    """

    def __new__(
        cls,
        task: str,
        thresholds: Thresholds = None,
        num_classes: int | None = None,
        num_labels: int | None = None,
        average: LabelAverage = "macro",
        max_fpr: float | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        classes = (BinaryAUROC, MulticlassAUROC, MultilabelAUROC)
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        return _curve_task_metric(classes, task, num_classes, num_labels, (max_fpr,), (average,), **kwargs)
