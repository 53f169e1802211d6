"""Confusion matrix classes; the Jaccard index, Matthews' correlation and Cohen's kappa classes build on them.

Each class accumulates one ``confmat`` state of counts: ``(2, 2)`` ``[[tn, fp], [fn, tp]]`` for
binary inputs, ``(C, C)`` (rows: target, columns: prediction) for multiclass inputs and
``(L, 2, 2)`` for multilabel inputs. Subclasses only change ``compute``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import torch
from metrics_core.metric import Metric
from metrics_core.plotting import plot_confusion_matrix
from torch import Tensor

from metrics_classification.functional.confusion_matrix import (
    Normalize,
    _binary_confusion_matrix_arg_validation,
    _binary_confusion_matrix_format,
    _binary_confusion_matrix_tensor_validation,
    _binary_confusion_matrix_update,
    _confusion_matrix_compute,
    _multiclass_confusion_matrix_arg_validation,
    _multiclass_confusion_matrix_format,
    _multiclass_confusion_matrix_tensor_validation,
    _multiclass_confusion_matrix_update,
    _multilabel_confusion_matrix_arg_validation,
    _multilabel_confusion_matrix_format,
    _multilabel_confusion_matrix_tensor_validation,
    _multilabel_confusion_matrix_update,
    _task_arguments,
)
from metrics_classification.functional.stat_scores import Task
from metrics_classification.stat_scores import _check_device, _ClassificationTaskWrapper


class _ConfusionMatrixBase(Metric):
    """Accumulates the ``confmat`` counts of each batch; subclasses say how to count and what to compute."""

    is_differentiable: ClassVar[bool] = False
    higher_is_better: ClassVar[bool | None] = None
    full_state_update: ClassVar[bool] = False
    _update_merges_last: ClassVar[bool] = True

    confmat: Tensor

    def _batch_counts(self, preds: Tensor, target: Tensor, out: Tensor | None = None) -> Tensor:
        raise NotImplementedError

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the counts of a batch of predictions and targets.

        Validated inputs are counted straight into the state (the last step); unvalidated ones first apart, so
        that an index out of range fails before the state is touched.
        """
        if self.validate_args:
            self._batch_counts(preds, target, out=self.confmat)
        else:
            self.confmat += self._batch_counts(preds, target)

    def compute(self) -> Tensor:
        """The confusion matrix: counts, or normalised as ``normalize`` says."""
        return _confusion_matrix_compute(self.confmat, self.normalize)

    def plot(
        self,
        val: Tensor | None = None,
        ax: Any = None,
        add_text: bool = True,
        labels: Sequence[int | str] | None = None,
        cmap: Any = None,
    ) -> tuple[Any, Any]:
        """Draw the confusion matrix (``val``, or ``compute()``'s) as a heatmap; returns ``(fig, ax)``.

        ``labels`` name the classes (or, multilabel, the labels); ``add_text`` writes each value in its cell. The
        scores built on the counts (Jaccard index, Matthews' correlation, Cohen's kappa) plot as any metric does.
        """
        if type(self).compute is not _ConfusionMatrixBase.compute:
            return super().plot(val, ax)
        value = self.compute() if val is None else val
        if not isinstance(value, Tensor):
            raise TypeError(f"Expected `val` to be one confusion matrix (a tensor), but got {type(value).__name__}")
        return plot_confusion_matrix(value, ax=ax, add_text=add_text, labels=labels, cmap=cmap)


class BinaryConfusionMatrix(_ConfusionMatrixBase):
    """Confusion matrix ``[[tn, fp], [fn, tp]]`` of binary predictions (rows: target, columns: prediction).

    Args:
        threshold: probability above which a prediction counts as positive (logits get a sigmoid first).
        ignore_index: target value whose samples are left out.
        normalize: ``"true"`` (rows sum to 1), ``"pred"`` (columns), ``"all"``, or ``None``/``"none"`` for counts.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryConfusionMatrix()
        >>> metric(torch.tensor([0.8, 0.3, 0.6, 0.1]), torch.tensor([1, 1, 0, 0]))
        tensor([[1, 1],
                [1, 1]])
    """

    def __init__(
        self,
        threshold: float = 0.5,
        ignore_index: int | None = None,
        normalize: Normalize = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _binary_confusion_matrix_arg_validation(threshold, ignore_index, normalize)
        self.threshold = threshold
        self.ignore_index = ignore_index
        self.normalize = normalize
        self.validate_args = validate_args
        self.add_state("confmat", torch.zeros(2, 2, dtype=torch.long), dist_reduce_fx="sum")

    def _batch_counts(self, preds: Tensor, target: Tensor, out: Tensor | None = None) -> Tensor:
        if self.validate_args:
            _binary_confusion_matrix_tensor_validation(preds, target, self.ignore_index)
        _check_device(self, preds, target)
        preds, target = _binary_confusion_matrix_format(preds, target, self.threshold, self.ignore_index)
        return _binary_confusion_matrix_update(preds, target, out)


class MulticlassConfusionMatrix(_ConfusionMatrixBase):
    """Confusion matrix of multiclass predictions (rows: target class, columns: predicted class).

    Args:
        num_classes: number of classes ``C``.
        ignore_index: target value whose samples are left out.
        normalize: ``"true"`` (rows sum to 1), ``"pred"`` (columns), ``"all"``, or ``None``/``"none"`` for counts.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassConfusionMatrix(num_classes=3)
        >>> metric(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]))
        tensor([[1, 1, 0],
                [0, 1, 0],
                [0, 0, 1]])
    """

    plot_legend_name: ClassVar[str] = "Class"

    def __init__(
        self,
        num_classes: int,
        ignore_index: int | None = None,
        normalize: Normalize = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multiclass_confusion_matrix_arg_validation(num_classes, ignore_index, normalize)
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.normalize = normalize
        self.validate_args = validate_args
        self.add_state("confmat", torch.zeros(num_classes, num_classes, dtype=torch.long), dist_reduce_fx="sum")

    def _batch_counts(self, preds: Tensor, target: Tensor, out: Tensor | None = None) -> Tensor:
        if self.validate_args:
            _multiclass_confusion_matrix_tensor_validation(preds, target, self.num_classes, self.ignore_index)
        _check_device(self, preds, target)
        preds, target = _multiclass_confusion_matrix_format(preds, target)
        return _multiclass_confusion_matrix_update(preds, target, self.num_classes, self.ignore_index, out)


class MultilabelConfusionMatrix(_ConfusionMatrixBase):
    """One confusion matrix ``[[tn, fp], [fn, tp]]`` per label of multilabel predictions: shape ``(L, 2, 2)``.

    Args:
        num_labels: number of labels ``L``.
        threshold: probability above which a prediction counts as positive (logits get a sigmoid first).
        ignore_index: target value whose entries are left out.
        normalize: ``"true"`` (rows sum to 1), ``"pred"`` (columns), ``"all"``, or ``None``/``"none"`` for counts.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MultilabelConfusionMatrix(num_labels=2, normalize="true")
        >>> metric(torch.tensor([[0.9, 0.2], [0.4, 0.7], [0.8, 0.6]]), torch.tensor([[1, 0], [1, 1], [0, 1]]))
        tensor([[[0.0000, 1.0000],
                 [0.5000, 0.5000]],
        <BLANKLINE>
                [[1.0000, 0.0000],
                 [0.0000, 1.0000]]])
    """

    plot_legend_name: ClassVar[str] = "Label"

    def __init__(
        self,
        num_labels: int,
        threshold: float = 0.5,
        ignore_index: int | None = None,
        normalize: Normalize = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multilabel_confusion_matrix_arg_validation(num_labels, threshold, ignore_index, normalize)
        self.num_labels = num_labels
        self.threshold = threshold
        self.ignore_index = ignore_index
        self.normalize = normalize
        self.validate_args = validate_args
        self.add_state("confmat", torch.zeros(num_labels, 2, 2, dtype=torch.long), dist_reduce_fx="sum")

    def _batch_counts(self, preds: Tensor, target: Tensor, out: Tensor | None = None) -> Tensor:
        if self.validate_args:
            _multilabel_confusion_matrix_tensor_validation(preds, target, self.num_labels, self.ignore_index)
        _check_device(self, preds, target)
        preds, target = _multilabel_confusion_matrix_format(
            preds, target, self.num_labels, self.threshold, self.ignore_index
        )
        return _multilabel_confusion_matrix_update(preds, target, out)


class ConfusionMatrix(_ClassificationTaskWrapper):
    """Confusion matrix of a ``task``: returns a Binary/Multiclass/MultilabelConfusionMatrix.

    Example:
        >>> import torch
        >>> metric = ConfusionMatrix(task="multiclass", num_classes=3)
        >>> type(metric).__name__
        'MulticlassConfusionMatrix'
    """

    def __new__(
        cls,
        task: Task,
        threshold: float = 0.5,
        num_classes: int | None = None,
        num_labels: int | None = None,
        normalize: Normalize = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        task, arguments = _task_arguments(task, threshold, num_classes, num_labels)
        metric = {
            "binary": BinaryConfusionMatrix,
            "multiclass": MulticlassConfusionMatrix,
            "multilabel": MultilabelConfusionMatrix,
        }[task]
        return metric(
            normalize=normalize, ignore_index=ignore_index, validate_args=validate_args, **arguments, **kwargs
        )
