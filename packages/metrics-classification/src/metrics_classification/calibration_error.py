"""Calibration error classes: a constant-size state of per-bin sums ``[count, confidence, accuracy]``."""

from __future__ import annotations

from typing import Any, ClassVar

import torch
from metrics_core.metric import Metric
from torch import Tensor

from metrics_classification.functional.calibration_error import (
    Norm,
    _binary_calibration_error_arg_validation,
    _binary_calibration_error_format,
    _binary_calibration_error_tensor_validation,
    _calibration_error_compute,
    _calibration_error_update,
    _multiclass_calibration_error_arg_validation,
    _multiclass_calibration_error_format,
    _multiclass_calibration_error_tensor_validation,
)
from metrics_classification.functional.precision_recall_curve import _curve_task
from metrics_classification.stat_scores import _check_device, _ClassificationTaskWrapper


class _CalibrationErrorBase(Metric):
    is_differentiable: ClassVar[bool] = False
    higher_is_better: ClassVar[bool] = False
    full_state_update: ClassVar[bool] = False
    plot_lower_bound: ClassVar[float] = 0.0
    plot_upper_bound: ClassVar[float] = 1.0
    _update_merges_last: ClassVar[bool] = True

    def _add_bins_state(self, n_bins: int, norm: Norm, ignore_index: int | None, validate_args: bool) -> None:
        self.n_bins = n_bins
        self.norm = norm
        self.ignore_index = ignore_index
        self.validate_args = validate_args
        self._confidence_dtype = torch.float32
        self.add_state("bins", torch.zeros(3, n_bins + 1, dtype=torch.float64), dist_reduce_fx="sum")

    @property
    def _compute_group_key(self) -> tuple:
        """What the bins depend on: a ``MetricCollection`` only lets metrics with equal keys share them."""
        return ("calibration", getattr(self, "num_classes", None), self.n_bins, self.ignore_index)

    def compute(self) -> Tensor:
        """The calibration error (a scalar); a ValueError before any sample was added, as in TorchMetrics."""
        if self.update_count == 0 and not bool(self.bins[0].any()):  # a loaded state may hold samples
            raise ValueError(f"{type(self).__name__} has no samples to compute from: call `update` first")
        return _calibration_error_compute(self.bins, self.norm, self._confidence_dtype)


class BinaryCalibrationError(_CalibrationErrorBase):
    """Calibration error of binary probabilities: how far the confidence of each bin is from its accuracy.

    Args:
        n_bins: number of equal-width confidence bins in [0, 1].
        norm: ``"l1"`` (expected calibration error), ``"l2"`` (root mean square) or ``"max"`` (maximum).
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = BinaryCalibrationError(n_bins=2, norm="max")
        >>> metric(torch.tensor([0.25, 0.25, 0.55, 0.75, 0.75]), torch.tensor([0, 0, 1, 1, 1]))
        tensor(0.3167)
    """

    def __init__(
        self,
        n_bins: int = 15,
        norm: Norm = "l1",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _binary_calibration_error_arg_validation(n_bins, norm, ignore_index)
        self._add_bins_state(n_bins, norm, ignore_index, validate_args)

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch: ``preds`` probabilities or logits (N, ...), ``target`` 0/1 labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _binary_calibration_error_tensor_validation(preds, target, self.ignore_index)
        confidences, accuracies, kept = _binary_calibration_error_format(preds, target, self.ignore_index)
        self.bins += _calibration_error_update(confidences, accuracies, kept, self.n_bins)
        self._confidence_dtype = confidences.dtype


class MulticlassCalibrationError(_CalibrationErrorBase):
    """Calibration error of multiclass probabilities: top-class confidence against top-class accuracy, per bin.

    Args:
        num_classes: number of classes.
        n_bins: number of equal-width confidence bins in [0, 1].
        norm: ``"l1"`` (expected calibration error), ``"l2"`` (root mean square) or ``"max"`` (maximum).
        ignore_index: target value left out.
        validate_args: check the arguments and every batch.

    Example:
        >>> import torch
        >>> metric = MulticlassCalibrationError(num_classes=3, n_bins=3)
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])
        >>> metric(preds, torch.tensor([0, 1, 1, 2]))
        tensor(0.1250)
    """

    plot_legend_name: ClassVar[str] = "Class"

    def __init__(
        self,
        num_classes: int,
        n_bins: int = 15,
        norm: Norm = "l1",
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if validate_args:
            _multiclass_calibration_error_arg_validation(num_classes, n_bins, norm, ignore_index)
        self.num_classes = num_classes
        self._add_bins_state(n_bins, norm, ignore_index, validate_args)

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch: ``preds`` probabilities or logits (N, C, ...), ``target`` labels (N, ...)."""
        _check_device(self, preds, target)
        if self.validate_args:
            _multiclass_calibration_error_tensor_validation(preds, target, self.num_classes, self.ignore_index)
        confidences, accuracies, kept = _multiclass_calibration_error_format(
            preds, target, self.num_classes, self.ignore_index
        )
        self.bins += _calibration_error_update(confidences, accuracies, kept, self.n_bins)


class CalibrationError(_ClassificationTaskWrapper):
    """Calibration error of a ``task``: a :class:`BinaryCalibrationError` or :class:`MulticlassCalibrationError`.

    Example:
        >>> import torch
        >>> metric = CalibrationError(task="binary")
        >>> metric(torch.tensor([0.25, 0.75]), torch.tensor([0, 1]))
        tensor(0.2500)
    """

    def __new__(
        cls,
        task: str,
        n_bins: int = 15,
        norm: Norm = "l1",
        num_classes: int | None = None,
        ignore_index: int | None = None,
        validate_args: bool = True,
        **kwargs: Any,
    ) -> Metric:
        kwargs.update(n_bins=n_bins, norm=norm, ignore_index=ignore_index, validate_args=validate_args)
        if _curve_task(task, num_classes, None, ("binary", "multiclass")) == "binary":
            return BinaryCalibrationError(**kwargs)
        return MulticlassCalibrationError(num_classes, **kwargs)
