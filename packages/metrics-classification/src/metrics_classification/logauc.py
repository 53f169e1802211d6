"""Log AUC classes, over the exact or binned states of the curve bases."""

from __future__ import annotations

from typing import Any, ClassVar

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.logauc import (
    FprRange,
    LogAUCAverage,
    _binary_logauc_compute,
    _reduce_logauc,
    _validate_fpr_range,
)
from metrics_classification.functional.precision_recall_curve import Thresholds
from metrics_classification.functional.roc import _binary_roc_compute, _multiclass_roc_compute, _multilabel_roc_compute
from metrics_classification.precision_recall_curve import (
    _BinaryCurve,
    _curve_task_metric,
    _MulticlassCurve,
    _MultilabelCurve,
)
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class _LogAUC:
    higher_is_better: ClassVar[bool] = True
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0

    def _set_range(self, fpr_range: FprRange, validate_args: bool) -> None:
        if validate_args:
            _validate_fpr_range(fpr_range)
        self.fpr_range = fpr_range


class BinaryLogAUC(_LogAUC, _BinaryCurve):
    """Log AUC of binary scores: the ROC area over ``fpr_range`` on a log10 false positive rate scale, in [0, 1].

    Args:
        fpr_range: the false positive rates (low, high) the area spans.
        thresholds: None for the exact ROC curve (keeps every score); an int, a list or a 1-d tensor of
            thresholds for a binned one in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch (off by default, as in TorchMetrics).

    Example:
        >>> import torch
        >>> metric = BinaryLogAUC()
        >>> metric(torch.tensor([0.75, 0.05, 0.05, 0.05, 0.05, 0.6, 0.4, 0.9]), torch.tensor([1, 0, 0, 0, 0, 1, 0, 1]))
        tensor(1.)
    """

    def __init__(
        self,
        fpr_range: FprRange = (0.001, 0.1),
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(thresholds, ignore_index, validate_args, **kwargs)
        self._set_range(fpr_range, validate_args)

    def compute(self) -> Tensor:
        """The log AUC (a scalar)."""
        fpr, tpr, _ = _binary_roc_compute(self._state(), self.thresholds)
        return _binary_logauc_compute(fpr, tpr, self.fpr_range)


class MulticlassLogAUC(_LogAUC, _MulticlassCurve):
    """Log AUC of each class (one-vs-rest) of multiclass scores, or their mean.

    Args:
        num_classes: number of classes.
        fpr_range: the false positive rates (low, high) the area spans.
        average: None or ``"none"`` (per class, the default here) or ``"macro"`` (mean over classes).
        thresholds: None for exact ROC curves (keeps every score); an int, a list or a 1-d tensor of
            thresholds for binned ones in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassLogAUC(num_classes=3)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        tensor([1.0000, 0.5505, 1.0000])
    """

    def __init__(
        self,
        num_classes: int,
        fpr_range: FprRange = (0.001, 0.1),
        average: LogAUCAverage = None,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_classes, thresholds, ignore_index, validate_args, **kwargs)
        self._set_range(fpr_range, validate_args)
        self.average = average

    def compute(self) -> Tensor:
        """The log AUC of each class (C,), or their mean."""
        fpr, tpr, _ = _multiclass_roc_compute(self._state(), self.num_classes, self.thresholds)
        return _reduce_logauc(fpr, tpr, self.fpr_range, self.average)


class MultilabelLogAUC(_LogAUC, _MultilabelCurve):
    """Log AUC of each label of multilabel scores, or their mean.

    Args:
        num_labels: number of labels.
        fpr_range: the false positive rates (low, high) the area spans.
        average: None or ``"none"`` (per label, the default here) or ``"macro"`` (mean over labels).
        thresholds: None for exact ROC curves (keeps every score); an int, a list or a 1-d tensor of
            thresholds for binned ones in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelLogAUC(num_labels=2, average="macro")
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9], [0.1, 0.3]])
        >>> metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1], [0, 0]]))
        tensor(0.7500)
    """

    def __init__(
        self,
        num_labels: int,
        fpr_range: FprRange = (0.001, 0.1),
        average: LogAUCAverage = None,
        thresholds: Thresholds = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(num_labels, thresholds, ignore_index, validate_args, **kwargs)
        self._set_range(fpr_range, validate_args)
        self.average = average

    def compute(self) -> Tensor:
        """The log AUC of each label (L,), or their mean."""
        fpr, tpr, _ = _multilabel_roc_compute(self._state(), self.thresholds)
        return _reduce_logauc(fpr, tpr, self.fpr_range, self.average)


class LogAUC(_ClassificationTaskWrapper):
    """Log AUC of a ``task``: a :class:`BinaryLogAUC`, :class:`MulticlassLogAUC` or :class:`MultilabelLogAUC`.

    Example:
        >>> import torch
        >>> metric = LogAUC(task="binary")
        >>> metric(torch.tensor([0.75, 0.05, 0.05, 0.05, 0.05, 0.6, 0.4, 0.9]), torch.tensor([1, 0, 0, 0, 0, 1, 0, 1]))
        tensor(1.)
    """

    def __new__(
        cls,
        task: str,
        thresholds: Thresholds = None,
        fpr_range: FprRange = (0.001, 0.1),
        num_classes: int | None = None,
        num_labels: int | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        kwargs.update(
            thresholds=thresholds, fpr_range=fpr_range, ignore_index=ignore_index, validate_args=validate_args
        )
        classes = (BinaryLogAUC, MulticlassLogAUC, MultilabelLogAUC)
        return _curve_task_metric(classes, task, num_classes, num_labels, **kwargs)
