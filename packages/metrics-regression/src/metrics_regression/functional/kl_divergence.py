"""Kullback-Leibler divergence between distributions given row by row."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import InputShapeError, _check_same_shape

REDUCTIONS = ("mean", "sum", "none", None)


def _divergence_arg_validation(log_prob: bool, reduction: str | None) -> None:
    if not isinstance(log_prob, bool):
        raise TypeError(f"Argument `log_prob` must be a bool, got {log_prob!r}")
    if reduction not in REDUCTIONS:
        raise ValueError(f"Argument `reduction` must be one of {REDUCTIONS}, got {reduction!r}")


def _divergence_tensor_validation(p: Tensor, q: Tensor) -> None:
    _check_same_shape(p, q, ("p", "q"))
    if p.ndim != 2:
        raise InputShapeError(f"Expected `p` and `q` of shape (N, D) (one distribution per row), got {tuple(p.shape)}")


def _normalize_rows(p: Tensor) -> Tensor:
    return p / p.sum(-1, keepdim=True)


def _kl_rows(p: Tensor, q: Tensor, log_prob: bool) -> Tensor:
    """KL(p || q) of each row; ``p`` and ``q`` are log-probabilities, or probabilities (0 log 0 = 0)."""
    if log_prob:
        return torch.sum(p.exp() * (p - q), dim=-1)
    return torch.where(p == 0, 0.0, p * torch.log(p / q)).sum(-1)


def _kld_update(p: Tensor, q: Tensor, log_prob: bool) -> tuple[Tensor, int]:
    """KL divergence of each row (probabilities are normalized to sum to one first), and the row count."""
    if not log_prob:
        p, q = _normalize_rows(p), _normalize_rows(q)
    return _kl_rows(p, q, log_prob), p.shape[0]


def _divergence_compute(measures: Tensor, total: int | Tensor, reduction: str | None = "mean") -> Tensor:
    if reduction == "sum":
        return measures.sum()
    if reduction == "mean":
        return measures.sum() / total
    return measures


_kld_arg_validation = _divergence_arg_validation
_kld_tensor_validation = _divergence_tensor_validation
_kld_compute = _divergence_compute


def kl_divergence(p: Tensor, q: Tensor, log_prob: bool = False, reduction: str | None = "mean") -> Tensor:
    """Kullback-Leibler divergence ``KL(p || q) = sum p log(p / q)`` of each row, reduced over rows.

    Args:
        p: distributions, ``(N, D)``: probabilities (normalized per row) or, with ``log_prob``, log-probabilities.
        q: distributions, same shape and kind.
        log_prob: the inputs are log-probabilities.
        reduction: ``"mean"``, ``"sum"`` or ``"none"`` (``None``) over the ``N`` rows.

    Example:
        >>> import torch
        >>> kl_divergence(torch.tensor([[0.36, 0.48, 0.16]]), torch.tensor([[1 / 3, 1 / 3, 1 / 3]]))
        tensor(0.0853)
    """
    _kld_arg_validation(log_prob, reduction)
    _kld_tensor_validation(p, q)
    return _kld_compute(*_kld_update(p, q, log_prob), reduction)
