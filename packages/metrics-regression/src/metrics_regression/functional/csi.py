"""Critical success index (threat score) of thresholded forecasts."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_same_shape


def _critical_success_index_arg_validation(threshold: float, keep_sequence_dim: int | None) -> None:
    try:
        float(threshold)
    except (TypeError, ValueError, RuntimeError) as err:
        raise ValueError(f"Argument `threshold` must be a float, got {threshold!r}") from err
    if keep_sequence_dim is not None and (
        not isinstance(keep_sequence_dim, int) or isinstance(keep_sequence_dim, bool) or keep_sequence_dim < 0
    ):
        raise ValueError(f"Argument `keep_sequence_dim` must be None or a non-negative int, got {keep_sequence_dim!r}")


def _critical_success_index_tensor_validation(preds: Tensor, target: Tensor, keep_sequence_dim: int | None) -> None:
    _check_same_shape(preds, target)
    if keep_sequence_dim is not None and not 0 <= keep_sequence_dim < preds.ndim:
        raise ValueError(
            f"Argument `keep_sequence_dim` must name a dimension of the inputs (0 to {preds.ndim - 1}),"
            f" got {keep_sequence_dim}"
        )


def _critical_success_index_update(
    preds: Tensor, target: Tensor, threshold: float, keep_sequence_dim: int | None = None
) -> tuple[Tensor, Tensor, Tensor]:
    """Hits, misses and false alarms of ``value >= threshold``, summed over all but ``keep_sequence_dim``."""
    preds_event = preds >= threshold
    target_event = target >= threshold
    counts = torch.stack((preds_event & target_event, ~preds_event & target_event, preds_event & ~target_event))
    dims = tuple(i + 1 for i in range(preds.ndim) if i != keep_sequence_dim)
    if keep_sequence_dim is None or not dims:  # nothing but the kept dimension: TorchMetrics sums it all
        hits, misses, false_alarms = counts.reshape(3, -1).sum(1, dtype=torch.int32)
    else:
        hits, misses, false_alarms = counts.sum(dims, dtype=torch.int32)
    return hits, misses, false_alarms


def _critical_success_index_compute(hits: Tensor, misses: Tensor, false_alarms: Tensor) -> Tensor:
    """``hits / (hits + misses + false_alarms)``, 0 where there are no events at all."""
    total = (hits + misses + false_alarms).float()
    return torch.where(total == 0, 0.0, hits.float() / total)


def critical_success_index(
    preds: Tensor, target: Tensor, threshold: float, keep_sequence_dim: int | None = None
) -> Tensor:
    """Critical success index ``hits / (hits + misses + false_alarms)`` of events ``value >= threshold``.

    Args:
        preds: forecasts, any shape.
        target: observations, same shape.
        threshold: values at or above it are events.
        keep_sequence_dim: a dimension to keep, giving one score per index along it.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.2, 0.7], [0.9, 0.3]])
        >>> critical_success_index(preds, torch.tensor([[0.4, 0.8], [0.2, 0.6]]), threshold=0.5)
        tensor(0.3333)
    """
    _critical_success_index_arg_validation(threshold, keep_sequence_dim)
    _critical_success_index_tensor_validation(preds, target, keep_sequence_dim)
    return _critical_success_index_compute(*_critical_success_index_update(preds, target, threshold, keep_sequence_dim))
