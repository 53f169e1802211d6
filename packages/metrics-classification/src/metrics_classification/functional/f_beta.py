"""F-beta score: the weighted harmonic mean of precision and recall (F1 for beta = 1)."""

from __future__ import annotations

from torch import Tensor

from metrics_classification.functional.stat_scores import (
    Average,
    MultidimAverage,
    Task,
    _average_scores,
    _binary_batch_stats,
    _call_task,
    _micro_sum,
    _multiclass_batch_stats,
    _multilabel_batch_stats,
    _safe_divide,
)


def _check_beta(beta: float) -> None:
    if not (isinstance(beta, float) and beta > 0):
        raise ValueError(f"Expected argument `beta` to be a float larger than 0, but got {beta!r}")


def _fbeta_reduce(
    tp: Tensor,
    fp: Tensor,
    tn: Tensor,
    fn: Tensor,
    beta: float,
    average: Average,
    multidim_average: MultidimAverage = "global",
    multilabel: bool = False,
    zero_division: float = 0,
) -> Tensor:
    """F-beta of ``tp, fp, tn, fn``: (1 + b²) tp / ((1 + b²) tp + b² fn + fp), averaged as ``average`` says."""
    beta2 = beta**2
    if average == "micro":
        tp, fn, fp = (_micro_sum(stat, multidim_average) for stat in (tp, fn, fp))
    score = _safe_divide((1 + beta2) * tp, (1 + beta2) * tp + beta2 * fn + fp, zero_division)
    if average in ("binary", "micro"):
        return score
    return _average_scores(score, average, multilabel, tp, fp, fn)


def binary_fbeta_score(
    preds: Tensor,
    target: Tensor,
    beta: float,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """F-beta score of binary predictions: recall weighs ``beta`` times as much as precision.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        beta: weight of recall against precision (a float > 0).
        threshold: probability above which a prediction is positive.
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.
        zero_division: the value when there is neither a positive target nor a positive prediction (0 or 1).

    Example:
        >>> import torch
        >>> binary_fbeta_score(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]), beta=2.0)
        tensor(0.5000)
    """
    if validate_args:
        _check_beta(beta)
    tp, fp, tn, fn = _binary_batch_stats(
        preds, target, threshold, multidim_average, ignore_index, validate_args, zero_division
    )
    return _fbeta_reduce(tp, fp, tn, fn, beta, "binary", multidim_average, zero_division=zero_division)


def multiclass_fbeta_score(
    preds: Tensor,
    target: Tensor,
    beta: float,
    num_classes: int,
    average: Average = "macro",
    top_k: int = 1,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """F-beta score of multiclass predictions, per class then averaged.

    Args:
        preds: labels (N, ...) or scores (N, C, ...), whose argmax is the prediction.
        target: labels in [0, num_classes), shape (N, ...).
        beta: weight of recall against precision (a float > 0).
        num_classes: number of classes.
        average: ``"micro"``, ``"macro"``, ``"weighted"`` (by support) or ``"none"``/``None`` (one per class).
        top_k: a prediction is right when the target is among the ``top_k`` highest scores.
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.
        zero_division: the value for a class neither predicted nor present (0 or 1).

    Example:
        >>> import torch
        >>> multiclass_fbeta_score(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), beta=2.0, num_classes=3)
        tensor(0.7963)
    """
    if validate_args:
        _check_beta(beta)
    tp, fp, tn, fn = _multiclass_batch_stats(
        preds, target, num_classes, average, top_k, multidim_average, ignore_index, validate_args, zero_division
    )
    return _fbeta_reduce(tp, fp, tn, fn, beta, average, multidim_average, zero_division=zero_division)


def multilabel_fbeta_score(
    preds: Tensor,
    target: Tensor,
    beta: float,
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """F-beta score of multilabel predictions, per label then averaged.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        beta: weight of recall against precision (a float > 0).
        num_labels: number of labels L.
        threshold: probability above which a prediction is positive.
        average: ``"micro"``, ``"macro"``, ``"weighted"`` (by support) or ``"none"``/``None`` (one per label).
        multidim_average: ``"global"`` over everything, ``"samplewise"`` one value per sample.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.
        zero_division: the value for a label neither predicted nor present (0 or 1).

    Example:
        >>> import torch
        >>> target = torch.tensor([[0, 1, 0], [1, 0, 1]])
        >>> multilabel_fbeta_score(torch.tensor([[0, 0, 1], [1, 0, 1]]), target, beta=2.0, num_labels=3)
        tensor(0.6111)
    """
    if validate_args:
        _check_beta(beta)
    tp, fp, tn, fn = _multilabel_batch_stats(
        preds, target, num_labels, threshold, average, multidim_average, ignore_index, validate_args, zero_division
    )
    return _fbeta_reduce(tp, fp, tn, fn, beta, average, multidim_average, multilabel=True, zero_division=zero_division)


def binary_f1_score(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """F1 score (harmonic mean of precision and recall) of binary predictions; see :func:`binary_fbeta_score`.

    Example:
        >>> import torch
        >>> binary_f1_score(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor(0.5000)
    """
    return binary_fbeta_score(
        preds, target, 1.0, threshold, multidim_average, ignore_index, validate_args, zero_division
    )


def multiclass_f1_score(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    average: Average = "macro",
    top_k: int = 1,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """F1 score of multiclass predictions, per class then averaged; see :func:`multiclass_fbeta_score`.

    Example:
        >>> import torch
        >>> multiclass_f1_score(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3)
        tensor(0.7778)
    """
    return multiclass_fbeta_score(
        preds, target, 1.0, num_classes, average, top_k, multidim_average, ignore_index, validate_args, zero_division
    )


def multilabel_f1_score(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """F1 score of multilabel predictions, per label then averaged; see :func:`multilabel_fbeta_score`.

    Example:
        >>> import torch
        >>> target = torch.tensor([[0, 1, 0], [1, 0, 1]])
        >>> multilabel_f1_score(torch.tensor([[0, 0, 1], [1, 0, 1]]), target, num_labels=3)
        tensor(0.5556)
    """
    return multilabel_fbeta_score(
        preds, target, 1.0, num_labels, threshold, average, multidim_average, ignore_index, validate_args, zero_division
    )


def fbeta_score(
    preds: Tensor,
    target: Tensor,
    task: Task,
    beta: float = 1.0,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: Average = "micro",
    multidim_average: MultidimAverage = "global",
    top_k: int | None = 1,
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """F-beta score of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"`` (see the functions of each).

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0])
        >>> fbeta_score(preds, target, task="multiclass", beta=2.0, num_classes=3)
        tensor(0.7500)
    """
    functions = (binary_fbeta_score, multiclass_fbeta_score, multilabel_fbeta_score)
    return _call_task(
        functions,
        task,
        preds,
        target,
        threshold,
        num_classes,
        num_labels,
        average,
        top_k,
        beta=beta,
        multidim_average=multidim_average,
        ignore_index=ignore_index,
        validate_args=validate_args,
        zero_division=zero_division,
    )


def f1_score(
    preds: Tensor,
    target: Tensor,
    task: Task,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: Average = "micro",
    multidim_average: MultidimAverage = "global",
    top_k: int | None = 1,
    ignore_index: int | None = None,
    validate_args: bool = True,
    zero_division: float = 0,
) -> Tensor:
    """F1 score of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"`` (see the functions of each).

    Example:
        >>> import torch
        >>> f1_score(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), task="multiclass", num_classes=3)
        tensor(0.7500)
    """
    functions = (binary_f1_score, multiclass_f1_score, multilabel_f1_score)
    return _call_task(
        functions,
        task,
        preds,
        target,
        threshold,
        num_classes,
        num_labels,
        average,
        top_k,
        multidim_average=multidim_average,
        ignore_index=ignore_index,
        validate_args=validate_args,
        zero_division=zero_division,
    )
