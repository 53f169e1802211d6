"""Jensen-Shannon divergence between distributions given row by row."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from metrics_regression.functional.kl_divergence import (
    _divergence_arg_validation,
    _divergence_compute,
    _divergence_tensor_validation,
    _kl_rows,
    _normalize_rows,
)

_jsd_arg_validation = _divergence_arg_validation
_jsd_tensor_validation = _divergence_tensor_validation
_jsd_compute = _divergence_compute


def _jsd_update(p: Tensor, q: Tensor, log_prob: bool) -> tuple[Tensor, int]:
    """``(KL(p || m) + KL(q || m)) / 2`` of each row, with ``m = (p + q) / 2``, and the row count."""
    if log_prob:
        mixture = torch.logsumexp(torch.stack((p, q)), dim=0) - math.log(2.0)
    else:
        p, q = _normalize_rows(p), _normalize_rows(q)
        mixture = (p + q) / 2
    return 0.5 * _kl_rows(p, mixture, log_prob) + 0.5 * _kl_rows(q, mixture, log_prob), p.shape[0]


def jensen_shannon_divergence(p: Tensor, q: Tensor, log_prob: bool = False, reduction: str | None = "mean") -> Tensor:
    """Jensen-Shannon divergence of each row (natural log, at most log 2), reduced over rows.

    Args:
        p: distributions, ``(N, D)``: probabilities (normalized per row) or, with ``log_prob``, log-probabilities.
        q: distributions, same shape and kind.
        log_prob: the inputs are log-probabilities.
        reduction: ``"mean"``, ``"sum"`` or ``"none"`` (``None``) over the ``N`` rows.

    Example:
        >>> import torch
        >>> jensen_shannon_divergence(torch.tensor([[0.36, 0.48, 0.16]]), torch.tensor([[1 / 3, 1 / 3, 1 / 3]]))
        tensor(0.0225)
    """
    _jsd_arg_validation(log_prob, reduction)
    _jsd_tensor_validation(p, q)
    return _jsd_compute(*_jsd_update(p, q, log_prob), reduction)
