"""Multilabel ranking metrics: coverage error, label ranking average precision and label ranking loss.

Each batch becomes ``(measure, total)``: a summed per-sample score and the number of samples, so a metric keeps a
constant-size state. Scores are compared within each sample (row) at once, without a loop over samples. As in
TorchMetrics, ignored entries get the score and target ``-4 * num_labels``: never relevant, ranked last.
"""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_classification.functional.calibration_error import _check_float_preds
from metrics_classification.functional.precision_recall_curve import _check_int_above_one, _normalize_scores
from metrics_classification.functional.stat_scores import _multilabel_stat_scores_tensor_validation


def _multilabel_ranking_arg_validation(num_labels: int, ignore_index: int | None = None) -> None:
    """``num_labels`` an integer > 1, ``ignore_index`` None or an integer."""
    _check_int_above_one("num_labels", num_labels)
    if ignore_index is not None and (isinstance(ignore_index, bool) or not isinstance(ignore_index, int)):
        raise ValueError(f"Expected argument `ignore_index` to be None or an integer, but got {ignore_index!r}")


def _multilabel_ranking_tensor_validation(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None = None
) -> None:
    """Shapes (N, L, ...), 0/1 targets (or ``ignore_index``), float scores without NaN."""
    _multilabel_stat_scores_tensor_validation(preds, target, num_labels, "global", ignore_index)
    _check_float_preds(preds)


def _multilabel_ranking_format(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """Scores and targets (M, L) (logits get a sigmoid); ignored entries -4 * num_labels in both."""
    preds = _normalize_scores(preds, "sigmoid").movedim(1, -1).reshape(-1, num_labels)
    target = target.movedim(1, -1).reshape(-1, num_labels)
    if ignore_index is not None:
        ignored = target == ignore_index
        preds = torch.where(ignored, -4 * num_labels, preds)
        target = torch.where(ignored, -4 * num_labels, target)
    return preds, target


def _multilabel_coverage_error_update(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Summed coverage (how many labels, best first, until all relevant ones are covered) and sample count."""
    if not preds.numel():  # an empty batch
        return preds.new_zeros((), dtype=torch.float), torch.tensor(0.0, device=preds.device)
    lifted = torch.where(target == 0, preds + (preds.min().abs() + 10), preds)  # irrelevant labels never lowest
    coverage = (preds >= lifted.min(1, keepdim=True).values).sum(1).float()
    return coverage.sum(), torch.tensor(float(coverage.numel()), device=preds.device)


def _multilabel_ranking_average_precision_update(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Summed label ranking average precision and sample count.

    Per sample: the mean, over relevant labels, of (relevant labels ranked at or above) / (labels ranked at or
    above); 1 when no label or every label is relevant.
    """
    num_labels = preds.shape[1]
    relevant = target == 1
    at_or_above = preds.unsqueeze(1) >= preds.unsqueeze(2)  # [n, j, k]: label k ranks at or above label j
    ranks = at_or_above.sum(2)
    relevant_ranks = (at_or_above & relevant.unsqueeze(1)).sum(2)
    count = relevant.sum(1)
    precision = torch.where(relevant, relevant_ranks / ranks, 0.0).sum(1) / count
    scores = torch.where((count > 0) & (count < num_labels), precision, 1.0)
    return scores.sum(), torch.tensor(float(preds.shape[0]), device=preds.device)


def _multilabel_ranking_loss_update(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Summed ranking loss (the fraction of wrongly ordered relevant/irrelevant pairs) and sample count.

    Samples without relevant or without irrelevant labels add 0; a (non-empty) batch with only such samples counts
    1 sample, as in TorchMetrics.
    """
    num_samples, num_labels = preds.shape
    relevant = target == 1
    count = relevant.sum(1)
    kept = (count > 0) & (count < num_labels)
    positions = preds.argsort(dim=1).argsort(dim=1)
    ranked_above = ((num_labels - positions) * relevant).sum(1).float()
    losses = (ranked_above - 0.5 * count * (count + 1)) / (count * (num_labels - count))
    total = torch.where(kept.any(), float(num_samples), float(min(num_samples, 1)))
    return torch.where(kept, losses, 0.0).sum(), total


def _ranking_reduce(measure: Tensor, total: Tensor) -> Tensor:
    return measure / total


def _ranking_input(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None, validate_args: bool
) -> tuple[Tensor, Tensor]:
    if validate_args:
        _multilabel_ranking_arg_validation(num_labels, ignore_index)
        _multilabel_ranking_tensor_validation(preds, target, num_labels, ignore_index)
    return _multilabel_ranking_format(preds, target, num_labels, ignore_index)


def multilabel_coverage_error(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None = None, validate_args: bool = True
) -> Tensor:
    """Coverage error: how far down the ranked labels one must go, on average, to cover every relevant label.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2, 0.5], [0.4, 0.6, 0.1], [0.3, 0.9, 0.7]])
        >>> multilabel_coverage_error(preds, torch.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0]]), num_labels=3)
        tensor(2.6667)
    """
    preds, target = _ranking_input(preds, target, num_labels, ignore_index, validate_args)
    return _ranking_reduce(*_multilabel_coverage_error_update(preds, target))


def multilabel_ranking_average_precision(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None = None, validate_args: bool = True
) -> Tensor:
    """Label ranking average precision: for each relevant label, the share of relevant labels ranked at or above it.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2, 0.5], [0.4, 0.6, 0.1], [0.3, 0.9, 0.7]])
        >>> multilabel_ranking_average_precision(preds, torch.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0]]), 3)
        tensor(0.7222)
    """
    preds, target = _ranking_input(preds, target, num_labels, ignore_index, validate_args)
    return _ranking_reduce(*_multilabel_ranking_average_precision_update(preds, target))


def multilabel_ranking_loss(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None = None, validate_args: bool = True
) -> Tensor:
    """Label ranking loss: the average fraction of (relevant, irrelevant) label pairs ranked in the wrong order.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2, 0.5], [0.4, 0.6, 0.1], [0.3, 0.9, 0.7]])
        >>> multilabel_ranking_loss(preds, torch.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0]]), num_labels=3)
        tensor(0.5000)
    """
    preds, target = _ranking_input(preds, target, num_labels, ignore_index, validate_args)
    return _ranking_reduce(*_multilabel_ranking_loss_update(preds, target))
