"""Cosine similarity between predicted and target vectors."""

from __future__ import annotations

from torch import Tensor

from metrics_regression.functional.checks import InputShapeError, _check_same_shape

REDUCTIONS = ("sum", "mean", "none", None)


def _cosine_similarity_arg_validation(reduction: str | None) -> None:
    if reduction not in REDUCTIONS:
        raise ValueError(f"Argument `reduction` must be one of {REDUCTIONS}, got {reduction!r}")


def _cosine_similarity_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_same_shape(preds, target)
    if preds.ndim != 2:
        raise InputShapeError(f"Expected `preds` and `target` of shape (N, D), got {tuple(preds.shape)}")


def _cosine_similarity_update(preds: Tensor, target: Tensor) -> Tensor:
    """Cosine similarity of each row pair, in float32."""
    preds, target = preds.float(), target.float()
    return (preds * target).sum(-1) / (preds.norm(dim=-1) * target.norm(dim=-1))


def _cosine_similarity_compute(similarity: Tensor, reduction: str | None = "sum") -> Tensor:
    if reduction == "sum":
        return similarity.sum()
    if reduction == "mean":
        return similarity.mean()
    return similarity


def cosine_similarity(preds: Tensor, target: Tensor, reduction: str | None = "sum") -> Tensor:
    """Cosine similarity of each pair of rows, summed (``"sum"``), averaged (``"mean"``) or not (``"none"``).

    Args:
        preds: predicted vectors, ``(N, D)``.
        target: target vectors, same shape.
        reduction: how the ``N`` similarities are reduced.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[1.0, 2.0, 3.0], [1.0, 0.0, 0.0]])
        >>> cosine_similarity(preds, torch.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]]), reduction="none")
        tensor([1.0000, 0.0000])
    """
    _cosine_similarity_arg_validation(reduction)
    _cosine_similarity_tensor_validation(preds, target)
    return _cosine_similarity_compute(_cosine_similarity_update(preds, target), reduction)
