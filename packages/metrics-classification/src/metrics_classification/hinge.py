"""Hinge loss classes: summed losses and the number of samples (constant-size states)."""

from __future__ import annotations

from typing import Any, ClassVar

import torch
from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.hinge import (
    MulticlassMode,
    _binary_hinge_loss_arg_validation,
    _binary_hinge_loss_tensor_validation,
    _binary_hinge_loss_update,
    _hinge_loss_compute,
    _multiclass_hinge_loss_arg_validation,
    _multiclass_hinge_loss_tensor_validation,
    _multiclass_hinge_loss_update,
)
from metrics_classification.functional.precision_recall_curve import _curve_task
from metrics_classification.stat_scores import _check_device, _ClassificationTaskWrapper


class _HingeLossBase(Metric):
    is_differentiable: ClassVar[bool] = True
    higher_is_better: ClassVar[bool] = False
    full_state_update: ClassVar[bool] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0
    _update_merges_last: ClassVar[bool] = True

    def _add_loss_states(self, measures: Tensor) -> None:
        self.add_state("measures", measures, dist_reduce_fx="sum")
        self.add_state("total", torch.tensor(0), dist_reduce_fx="sum")

    @property
    def _compute_group_key(self) -> tuple:
        """What the summed losses depend on: a ``MetricCollection`` only lets metrics with equal keys share them."""
        mode = getattr(self, "multiclass_mode", None)
        return ("hinge", type(self).__name__, self.squared, mode, self.ignore_index)

    def _merge(self, measures: Tensor, total: Tensor) -> None:
        self.measures += measures
        self.total += total

    def compute(self) -> Tensor:
        """The mean loss: a scalar, or one per class in the one-vs-all mode."""
        return _hinge_loss_compute(self.measures, self.total)


class BinaryHingeLoss(_HingeLossBase):
    """Mean hinge loss of binary scores: ``max(0, 1 - margin)``, the margin being the score signed by the target.

    Args:
        squared: average the squared losses.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryHingeLoss(squared=True)
        >>> metric(torch.tensor([0.25, 0.25, 0.55, 0.75, 0.75]), torch.tensor([0, 0, 1, 1, 1]))
        tensor(0.6905)
    """

    def __init__(
        self, squared: bool = False, ignore_index: int | None = None, validate_args: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _binary_hinge_loss_arg_validation(squared, ignore_index)
        self.squared = squared
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self._add_loss_states(torch.tensor(0.0))

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch: ``preds`` probabilities or logits (N, ...), ``target`` 0/1 labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _binary_hinge_loss_tensor_validation(preds, target, self.ignore_index)
        self._merge(*_binary_hinge_loss_update(preds, target, self.squared, self.ignore_index))


class MulticlassHingeLoss(_HingeLossBase):
    """Mean hinge loss of multiclass scores, Crammer-Singer (a scalar) or one-vs-all (one per class).

    Args:
        num_classes: number of classes.
        squared: average the squared losses.
        multiclass_mode: ``"crammer-singer"`` (target score against the best other) or ``"one-vs-all"``.
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassHingeLoss(num_classes=3, multiclass_mode="one-vs-all")
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        tensor([0.9750, 0.9250, 1.0500])
    """

    plot_legend_name: ClassVar[str] = "Class"

    def __init__(
        self,
        num_classes: int,
        squared: bool = False,
        multiclass_mode: MulticlassMode = "crammer-singer",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multiclass_hinge_loss_arg_validation(num_classes, squared, multiclass_mode, ignore_index)
        self.num_classes = num_classes
        self.squared = squared
        self.multiclass_mode = multiclass_mode
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self._add_loss_states(torch.tensor(0.0) if multiclass_mode == "crammer-singer" else torch.zeros(num_classes))

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch: ``preds`` probabilities or logits (N, C, ...), ``target`` labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _multiclass_hinge_loss_tensor_validation(preds, target, self.num_classes, self.ignore_index)
        self._merge(
            *_multiclass_hinge_loss_update(
                preds, target, self.num_classes, self.squared, self.multiclass_mode, self.ignore_index
            )
        )


class HingeLoss(_ClassificationTaskWrapper):
    """Mean hinge loss of a ``task``: a :class:`BinaryHingeLoss` or :class:`MulticlassHingeLoss`.

    Example:
        >>> import torch
        >>> metric = HingeLoss(task="binary")
        >>> metric(torch.tensor([0.25, 0.75]), torch.tensor([0, 1]))
        tensor(0.7500)
    """

    def __new__(
        cls,
        task: str,
        num_classes: int | None = None,
        squared: bool = False,
        multiclass_mode: MulticlassMode = "crammer-singer",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        kwargs.update(ignore_index=ignore_index, validate_args=validate_args)
        if _curve_task(task, num_classes, None, ("binary", "multiclass")) == "binary":
            return BinaryHingeLoss(squared, **kwargs)
        return MulticlassHingeLoss(num_classes, squared, multiclass_mode, **kwargs)
