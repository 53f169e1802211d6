"""ROC curve classes: false and true positive rates at every threshold (states of the curve bases)."""

from __future__ import annotations

from typing import Any

from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import Curves, Thresholds
from metrics_classification.functional.roc import _binary_roc_compute, _multiclass_roc_compute, _multilabel_roc_compute
from metrics_classification.precision_recall_curve import (
    BinaryPrecisionRecallCurve,
    MulticlassPrecisionRecallCurve,
    MultilabelPrecisionRecallCurve,
    _curve_task_metric,
)
from metrics_classification.stat_scores import _ClassificationTaskWrapper


class BinaryROC(BinaryPrecisionRecallCurve):
    """ROC curve of binary scores: false and true positive rates at every threshold, thresholds decreasing.

    Args:
        thresholds: None for the exact curve (keeps every score); an int, a list or a 1-d tensor of thresholds
            for a binned curve in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryROC()
        >>> fpr, tpr, thresholds = metric(torch.tensor([0.0, 0.5, 0.7, 0.8]), torch.tensor([0, 1, 1, 0]))
        >>> tpr
        tensor([0.0000, 0.0000, 0.5000, 1.0000, 1.0000])
    """

    def compute(self) -> tuple[Tensor, Tensor, Tensor]:
        """False positive rates, true positive rates and thresholds (decreasing)."""
        return _binary_roc_compute(self._state(), self.thresholds)


class MulticlassROC(MulticlassPrecisionRecallCurve):
    """One-vs-rest ROC curve of each class of multiclass scores.

    Args:
        num_classes: number of classes.
        thresholds: None for exact curves (lists of per-class tensors); an int, a list or a 1-d tensor of
            thresholds for binned curves (tensors (C, T)) in constant memory.
        average: None for per-class curves, ``"micro"`` for one curve over all one-hot entries, ``"macro"`` for the
            mean of the class curves interpolated at their common false positive rates.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassROC(num_classes=3, thresholds=3)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6]])
        >>> fpr, tpr, thresholds = metric(preds, torch.tensor([0, 1, 1]))
        >>> tpr
        tensor([[0., 1., 1.],
                [0., 0., 1.],
                [0., 0., 0.]])
    """

    def compute(self) -> Curves:
        """False positive rates, true positive rates and thresholds of each class (or their average)."""
        return _multiclass_roc_compute(self._state(), self.num_classes, self.thresholds, self.average)


class MultilabelROC(MultilabelPrecisionRecallCurve):
    """ROC curve of each label of multilabel scores.

    Args:
        num_labels: number of labels.
        thresholds: None for exact curves (lists of per-label tensors); an int, a list or a 1-d tensor of
            thresholds for binned curves (tensors (L, T)) in constant memory.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelROC(num_labels=2, thresholds=3)
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9]])
        >>> fpr, tpr, thresholds = metric(preds, torch.tensor([[1, 0], [0, 1], [1, 1]]))
        >>> fpr
        tensor([[0., 0., 1.],
                [0., 0., 1.]])
    """

    def compute(self) -> Curves:
        """False positive rates, true positive rates and thresholds of each label."""
        return _multilabel_roc_compute(self._state(), self.thresholds)


class ROC(_ClassificationTaskWrapper):
    """ROC curve of a ``task``: a :class:`BinaryROC`, :class:`MulticlassROC` or :class:`MultilabelROC`.

    Example:
        >>> import torch
        >>> metric = ROC(task="binary")
        >>> fpr, tpr, thresholds = metric(torch.tensor([0.1, 0.4, 0.8]), torch.tensor([0, 1, 1]))
        >>> tpr
        tensor([0.0000, 0.5000, 1.0000, 1.0000])
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
        kwargs.update(thresholds=thresholds, ignore_index=ignore_index, validate_args=validate_args)
        return _curve_task_metric((BinaryROC, MulticlassROC, MultilabelROC), task, num_classes, num_labels, **kwargs)
