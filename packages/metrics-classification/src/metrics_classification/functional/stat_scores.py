"""Stat scores (true/false positives/negatives, support) and the input steps every classification family shares.

Each input kind (binary, multiclass, multilabel) goes through the same ladder of steps:
``_<kind>_stat_scores_arg_validation`` (constructor arguments, once), ``_<kind>_stat_scores_tensor_validation``
(per batch, skipped with ``validate_args=False``), ``_<kind>_stat_scores_format`` (logits -> probabilities ->
labels, ``ignore_index``), ``_<kind>_stat_scores_counts`` (batch -> counts the classes accumulate) and
``_<kind>_stat_scores_update`` (batch -> ``tp, fp, tn, fn``). The score families (accuracy, precision, ...) reduce
``tp, fp, tn, fn`` with :func:`_safe_divide` and :func:`_average_scores`.

Counts are confusion matrices: ``(..., 2, 2)`` one-vs-rest tables ``[[tn, fp], [fn, tp]]`` for binary and
multilabel inputs (and per-sample multiclass inputs), a ``(C, C)`` matrix (rows: target) for multiclass inputs,
and ``[misses, hits]`` for micro-averaged multiclass inputs. Each is counted in one pass over the batch
(``index_add_`` into the accumulated counts, or ``bincount``), without a host sync.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any, Literal

import torch
from torch import Tensor

Average = Literal["binary", "micro", "macro", "weighted", "none"] | None
MultidimAverage = Literal["global", "samplewise"]
Task = Literal["binary", "multiclass", "multilabel"]

_AVERAGES = ("micro", "macro", "weighted", "none", None)
_MULTIDIM_AVERAGES = ("global", "samplewise")
_TASKS = ("binary", "multiclass", "multilabel")


class TensorValueError(ValueError, RuntimeError):
    """A tensor holds values the metric cannot take (a ``ValueError``; also a ``RuntimeError``, as in TorchMetrics)."""


class ArgumentTypeError(ValueError, TypeError):
    """An argument of the wrong type (a ``TypeError``; also a ``ValueError``, for code written against either)."""


# ----------------------------------------------------------------------------------------- arguments
def _classification_task(task: str, tasks: Sequence[str] = _TASKS) -> str:
    """The task name in lower case; a ``ValueError`` unless it is one of ``tasks``."""
    name = task.lower().replace("-", "_") if isinstance(task, str) else task
    if name not in tasks:
        raise ValueError(f"Expected argument `task` to be one of {list(tasks)}, but got {task!r}")
    return name


def _check_common_args(
    multidim_average: str, ignore_index: int | None, zero_division: float, average: object = "micro"
) -> None:
    if average not in _AVERAGES:
        raise ValueError(f"Expected argument `average` to be one of {_AVERAGES}, but got {average!r}")
    if multidim_average not in _MULTIDIM_AVERAGES:
        raise ValueError(
            f"Expected argument `multidim_average` to be one of {_MULTIDIM_AVERAGES}, but got {multidim_average!r}"
        )
    if ignore_index is not None and not isinstance(ignore_index, int):
        raise ValueError(f"Expected argument `ignore_index` to be None or an integer, but got {ignore_index!r}")
    if zero_division not in (0, 1):
        raise ValueError(f"Expected argument `zero_division` to be 0 or 1, but got {zero_division!r}")


def _check_count(name: str, value: object, minimum: int) -> None:
    """An integer of at least ``minimum``: an ``ArgumentTypeError`` for another type, a ``ValueError`` if smaller."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(f"Expected argument `{name}` to be an integer, but got {value!r}")
    if value < minimum:
        raise ValueError(f"Expected argument `{name}` to be an integer of at least {minimum}, but got {value!r}")


def _check_threshold(threshold: float) -> None:
    if not (isinstance(threshold, float) and 0 <= threshold <= 1):
        raise ValueError(f"Expected argument `threshold` to be a float in the [0, 1] range, but got {threshold!r}")


def _binary_stat_scores_arg_validation(
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    zero_division: float = 0,
) -> None:
    """Validate the constructor arguments of a binary metric."""
    _check_threshold(threshold)
    _check_common_args(multidim_average, ignore_index, zero_division)


def _multiclass_stat_scores_arg_validation(
    num_classes: int | None,
    top_k: int = 1,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    zero_division: float = 0,
) -> None:
    """Validate the constructor arguments of a multiclass metric (``num_classes`` may be None for micro)."""
    if num_classes is None and (average != "micro" or multidim_average != "global"):
        raise ValueError(
            "Argument `num_classes` can only be None with average='micro' and multidim_average='global', but got"
            f" average={average!r} and multidim_average={multidim_average!r}"
        )
    if num_classes is not None:
        _check_count("num_classes", num_classes, 2)
    _check_count("top_k", top_k, 1)
    if top_k > (num_classes or 1):
        raise ValueError(
            f"Expected argument `top_k` to be smaller than or equal to `num_classes`, but got top_k={top_k}"
            f" and num_classes={num_classes}"
        )
    _check_common_args(multidim_average, ignore_index, zero_division, average)


def _multilabel_stat_scores_arg_validation(
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    zero_division: float = 0,
) -> None:
    """Validate the constructor arguments of a multilabel metric."""
    _check_count("num_labels", num_labels, 2)
    _check_threshold(threshold)
    _check_common_args(multidim_average, ignore_index, zero_division, average)


# ------------------------------------------------------------------------------------------ tensors
def _check_tensors(preds: Tensor, target: Tensor) -> None:
    for name, value in (("preds", preds), ("target", target)):
        if not isinstance(value, Tensor):
            raise TypeError(f"Expected argument `{name}` to be a torch.Tensor, but got {type(value).__name__}")
        if value.ndim == 0:
            raise ValueError(f"Expected argument `{name}` to have a batch dimension, but got a 0-d tensor")
    if preds.device != target.device:
        raise ValueError(
            f"Expected `preds` and `target` on the same device, but got preds on {preds.device}"
            f" and target on {target.device}"
        )


def _check_same_shape(preds: Tensor, target: Tensor) -> None:
    if preds.shape != target.shape:
        raise TensorValueError(
            "Expected `preds` and `target` to have the same shape, but got"
            f" preds {tuple(preds.shape)} and target {tuple(target.shape)}"
        )


def _bounds(tensors: Sequence[Tensor]) -> list[tuple[float, float]]:
    """(min, max) of each tensor, NaN propagating ((0, 0) when empty); off the CPU read with a single host sync."""
    pairs = [torch.aminmax(tensor) if tensor.numel() else (tensor.new_zeros(()),) * 2 for tensor in tensors]
    if tensors[0].device.type == "cpu":
        return [(low.item(), high.item()) for low, high in pairs]
    values = torch.stack([bound for pair in pairs for bound in pair]).tolist()
    return list(zip(values[::2], values[1::2]))


def _found(values: Tensor) -> list:
    """A few distinct values of a tensor, for error messages."""
    return torch.unique(values.detach().flatten()).tolist()[:10]


def _check_binary_values(preds: Tensor, target: Tensor, ignore_index: int | None) -> None:
    """0/1 targets (or ``ignore_index``), 0/1 integer predictions, float predictions without NaN; one host sync."""
    kept = target if ignore_index is None else torch.where(target == ignore_index, 0, target)
    fractions = [kept - kept.round()] if target.is_floating_point() else []
    (t_lo, t_hi), (p_lo, p_hi), *fraction = _bounds([kept, preds, *fractions])
    allowed = "0 and 1" + ("" if ignore_index is None else f" (or the `ignore_index` {ignore_index})")
    if not (t_lo >= 0 and t_hi <= 1) or (fraction and fraction[0] != (0.0, 0.0)):
        bad = kept[(kept != 0) & (kept != 1)]
        raise TensorValueError(f"Expected argument `target` to hold only {allowed}, but found values {_found(bad)}")
    if preds.is_floating_point():
        if p_lo != p_lo or p_hi != p_hi:
            raise TensorValueError("Expected argument `preds` to hold probabilities or logits, but found NaN values")
    elif not (p_lo >= 0 and p_hi <= 1):
        raise TensorValueError(
            "Expected argument `preds` (an integer tensor, so labels) to hold only 0 and 1, but found values"
            f" {_found(preds[(preds != 0) & (preds != 1)])}"
        )


def _binary_stat_scores_tensor_validation(
    preds: Tensor,
    target: Tensor,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
) -> None:
    """Check a binary batch: same shapes, 0/1 targets (or ``ignore_index``), 0/1 or float predictions without NaN."""
    _check_tensors(preds, target)
    _check_same_shape(preds, target)
    if multidim_average == "samplewise" and preds.ndim < 2:
        raise ValueError(
            "Expected `preds` and `target` of shape (N, ...) with at least 2 dimensions when"
            f" multidim_average='samplewise', but got shape {tuple(preds.shape)}"
        )
    _check_binary_values(preds, target, ignore_index)


def _multilabel_stat_scores_tensor_validation(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
) -> None:
    """Check a multilabel batch: shapes (N, L, ...), 0/1 targets (or ``ignore_index``), 0/1 or float predictions."""
    _check_tensors(preds, target)
    _check_same_shape(preds, target)
    if preds.ndim < 2 or preds.shape[1] != num_labels:
        raise TensorValueError(
            f"Expected `preds` and `target` of shape (N, {num_labels}, ...) with num_labels={num_labels} in"
            f" dimension 1, but got shape {tuple(preds.shape)}"
        )
    if multidim_average == "samplewise" and preds.ndim < 3:
        raise ValueError(
            "Expected `preds` and `target` of shape (N, L, ...) with at least 3 dimensions when"
            f" multidim_average='samplewise', but got shape {tuple(preds.shape)}"
        )
    _check_binary_values(preds, target, ignore_index)


def _multiclass_stat_scores_tensor_validation(
    preds: Tensor,
    target: Tensor,
    num_classes: int | None,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
) -> None:
    """Check a multiclass batch: labels (N, ...) or scores (N, C, ...) and targets (N, ...) in [0, num_classes)."""
    _check_tensors(preds, target)
    if preds.ndim == target.ndim + 1:
        if not preds.is_floating_point():
            raise TensorValueError(
                "Expected `preds` with one dimension more than `target` to be a float tensor of scores (N, C, ...),"
                f" but got dtype {preds.dtype}"
            )
        if num_classes is not None and preds.shape[1] != num_classes:
            raise TensorValueError(
                f"Expected `preds` of scores to have num_classes={num_classes} entries in dimension 1, but got"
                f" shape {tuple(preds.shape)}"
            )
        if preds.shape[:1] + preds.shape[2:] != target.shape:
            raise TensorValueError(
                "Expected `preds` of shape (N, C, ...) and `target` of shape (N, ...), but got"
                f" preds {tuple(preds.shape)} and target {tuple(target.shape)}"
            )
        if multidim_average == "samplewise" and preds.ndim < 3:
            raise ValueError(
                "Expected `preds` of scores with at least 3 dimensions (N, C, ...) when multidim_average='samplewise',"
                f" but got shape {tuple(preds.shape)}"
            )
    elif preds.ndim == target.ndim:
        _check_same_shape(preds, target)
        if multidim_average == "samplewise" and preds.ndim < 2:
            raise ValueError(
                "Expected `preds` and `target` with at least 2 dimensions (N, ...) when"
                f" multidim_average='samplewise', but got shape {tuple(preds.shape)}"
            )
    else:
        raise TensorValueError(
            "Expected `preds` and `target` of the same shape (N, ...), or `preds` of shape (N, C, ...) and `target`"
            f" of shape (N, ...), but got preds {tuple(preds.shape)} and target {tuple(target.shape)}"
        )

    labels = preds.ndim == target.ndim
    ignored = None if ignore_index is None else target == ignore_index
    kept = target if ignored is None else torch.where(ignored, 0, target)
    # label predictions are range-checked where the target is kept; of scores only NaNs matter (they propagate)
    checked = [kept, preds if ignored is None or not labels else torch.where(ignored, 0, preds)]
    if target.is_floating_point():
        checked.append(kept - kept.round())
    (t_lo, t_hi), (p_lo, p_hi), *fraction = _bounds(checked)
    upper = float("inf") if num_classes is None else num_classes - 1
    if not (t_lo >= 0 and t_hi <= upper) or (fraction and fraction[0] != (0.0, 0.0)):
        bad = kept[~((kept >= 0) & (kept <= upper) & (kept == kept.round()))]
        raise TensorValueError(
            f"Expected argument `target` to hold only {_class_labels(num_classes, ignore_index)}, but found values"
            f" {_found(bad)}"
        )
    if labels and not (p_lo >= 0 and p_hi <= upper):
        kept_preds = preds if ignored is None else preds[~ignored]
        bad = kept_preds[~((kept_preds >= 0) & (kept_preds <= upper))]
        raise TensorValueError(
            f"Expected argument `preds` (labels) to hold only {_class_labels(num_classes, ignore_index)}, but found"
            f" values {_found(bad)}"
        )
    if not labels and p_lo != p_lo:
        raise TensorValueError("Expected argument `preds` to hold probabilities or logits, but found NaN values")


def _class_labels(num_classes: int | None, ignore_index: int | None) -> str:
    """The labels a multiclass tensor may hold, in words."""
    allowed = f"integers in [0, {num_classes})" if num_classes is not None else "non-negative integers"
    return allowed if ignore_index is None else f"{allowed} (or the `ignore_index` {ignore_index})"


# ------------------------------------------------------------------------------------------- format
def _normalize_logits(preds: Tensor, normalization: Literal["sigmoid", "softmax"]) -> Tensor:
    """Probabilities as they are; anything with values outside [0, 1] taken for logits and normalised.

    On the CPU a NaN also counts as outside (as in TorchMetrics); elsewhere the choice is made on the
    device, without a host sync.
    """
    if not preds.numel():
        return preds
    if preds.device.type == "cpu":
        low, high = (bound.item() for bound in torch.aminmax(preds))
        if low >= 0 and high <= 1:
            return preds
        return preds.sigmoid() if normalization == "sigmoid" else preds.softmax(1)
    outside = ((preds < 0) | (preds > 1)).any()
    return torch.where(outside, preds.sigmoid() if normalization == "sigmoid" else preds.softmax(1), preds)


def _flatten_extra_dims(x: Tensor, leading: int = 1) -> Tensor:
    """Keep the ``leading`` dims and flatten the rest into one (N, X) / (N, C, X); fewer dims are kept as they are."""
    return x if x.ndim <= leading + 1 else x.reshape(*x.shape[:leading], -1)


def _ignored_to_minus_one(target: Tensor, ignore_index: int | None) -> Tensor:
    """Integer (int64) targets with ``ignore_index`` replaced by -1."""
    target = target.long()
    return target if ignore_index is None else torch.where(target == ignore_index, -1, target)


def _binary_stat_scores_format(
    preds: Tensor, target: Tensor, threshold: float = 0.5, ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """0/1 labels (N, X) (one-dimensional inputs stay (N,)): probabilities above ``threshold`` (logits get a sigmoid).

    Ignored targets become -1.
    """
    if preds.is_floating_point():
        preds = _normalize_logits(preds, "sigmoid") > threshold
    return _flatten_extra_dims(preds), _ignored_to_minus_one(_flatten_extra_dims(target), ignore_index)


def _multilabel_stat_scores_format(
    preds: Tensor, target: Tensor, num_labels: int, threshold: float = 0.5, ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """0/1 labels (N, L, X) ((N, L) inputs stay so): probabilities above ``threshold`` (logits get a sigmoid).

    Ignored targets become -1.
    """
    if preds.is_floating_point():
        preds = _normalize_logits(preds, "sigmoid") > threshold
    return _flatten_extra_dims(preds, 2), _ignored_to_minus_one(_flatten_extra_dims(target, 2), ignore_index)


def _multiclass_stat_scores_format(preds: Tensor, target: Tensor, top_k: int = 1) -> tuple[Tensor, Tensor]:
    """Labels and targets (N, X) (one-dimensional inputs stay (N,)); scores (N, C, ...) become their argmax.

    With ``top_k`` > 1 the scores are kept, as (N, C, X) (or (N, C)).
    """
    scores = preds.ndim == target.ndim + 1
    if top_k > 1:
        if not scores:
            raise ValueError(
                f"Expected `preds` of scores (N, C, ...) with top_k={top_k}, but got labels of shape"
                f" {tuple(preds.shape)} for target of shape {tuple(target.shape)}"
            )
        preds = _flatten_extra_dims(preds, 2)
    else:
        preds = _flatten_extra_dims(preds.argmax(1) if scores else preds.long() if preds.is_floating_point() else preds)
    target = _flatten_extra_dims(target)
    return preds, target.long() if target.is_floating_point() else target


def _top_k_labels(scores: Tensor, target: Tensor, top_k: int) -> Tensor:
    """The target where it is among the ``top_k`` highest scores, else the best-scoring class: (N, C, X) -> (N, X)."""
    top = scores.topk(top_k, dim=1).indices
    return torch.where((top == target.unsqueeze(1)).any(1), target, top[:, 0])


# ------------------------------------------------------------------------------------------- counts
# On the CPU, ``index_add_`` into the accumulated counts costs less than ``bincount`` and an addition for small
# batches, more for large ones.
_CPU_BINCOUNT_FROM = 1 << 15


@functools.cache
def _one(device: torch.device) -> Tensor:
    return torch.ones((), dtype=torch.long, device=device)


def _bincount(index: Tensor, size: int) -> Tensor:
    """Occurrences of 0..size-1 in ``index`` (values must lie in that range); no host sync off the CPU."""
    index = index if index.ndim == 1 else index.reshape(-1)
    if index.device.type == "cpu":
        return torch.bincount(index, minlength=size)
    counts = torch.zeros(size, dtype=torch.long, device=index.device)
    return counts.index_add_(0, index, _one(index.device).expand(index.shape[0]))


def _add_counts(out: Tensor | None, shape: tuple[int, ...], index: Tensor, keep: Tensor | None = None) -> Tensor:
    """Occurrences of each flat ``index`` into ``shape`` where ``keep``; added into ``out`` (in place) if given."""
    index = index if index.ndim == 1 else index.reshape(-1)
    if out is None or (index.device.type == "cpu" and index.shape[0] >= _CPU_BINCOUNT_FROM):
        size = math.prod(shape)
        if keep is None:
            counts = _bincount(index, size).view(shape)
        else:  # entries not kept go to an extra bin, dropped
            counts = _bincount(torch.where(keep.reshape(-1), index, size), size + 1)[:size].view(shape)
        return counts if out is None else out.add_(counts)
    if keep is None:
        source = _one(index.device).expand(index.shape[0])
    else:
        keep = keep.reshape(-1)
        index, source = torch.where(keep, index, 0), keep.long()
    out.view(-1).index_add_(0, index, source)
    return out


def _two_by_two_counts(
    preds: Tensor,
    target: Tensor,
    shape: tuple[int, ...],
    tables: tuple[int, ...] | Tensor | None,
    ignore: bool,
    out: Tensor | None,
) -> Tensor:
    """Tables [[tn, fp], [fn, tp]] of shape ``(*shape, 2, 2)``, added into ``out`` if given.

    ``preds`` holds 0/1 and ``target`` 0/1, or -1 (ignored) when ``ignore``. ``tables`` says which table each entry
    counts in: a view that lays the table numbers 0, 1, ... over the inputs, a tensor of table numbers (broadcast
    over the inputs), or None for a single table.
    """
    index = torch.add(preds, target, alpha=2)
    # ignored entries (index -2 or -1 within their table) land in two extra bins per table that are dropped
    stride, first = (6, 2) if ignore else (4, 0)
    num_tables = math.prod(shape)
    if tables is None:
        index = index + first if first else index
    elif isinstance(tables, Tensor):
        index = index + (tables * stride + first)
    else:
        index = index + torch.arange(first, stride * num_tables, stride, device=index.device).view(tables)
    if not ignore:
        return _add_counts(out, (*shape, 2, 2), index)
    counts = _bincount(index, 6 * num_tables).view(num_tables, 6)[:, 2:].reshape(*shape, 2, 2)
    return counts if out is None else out.add_(counts)


def _binary_stat_scores_counts(
    preds: Tensor,
    target: Tensor,
    multidim_average: MultidimAverage = "global",
    out: Tensor | None = None,
    ignore: bool = True,
) -> Tensor:
    """Formatted binary batch -> [[tn, fp], [fn, tp]]: (2, 2), or (N, 2, 2) per sample; added into ``out`` if given.

    Ignored targets (-1 after formatting) are left out; ``ignore=False`` promises there are none (faster).
    """
    if multidim_average == "global":
        return _two_by_two_counts(preds, target, (), None, ignore, out)
    num_samples = preds.shape[0]
    preds, target = preds.reshape(num_samples, -1), target.reshape(num_samples, -1)
    return _two_by_two_counts(preds, target, (num_samples,), (-1, 1), ignore, out)


def _multilabel_stat_scores_counts(
    preds: Tensor,
    target: Tensor,
    multidim_average: MultidimAverage = "global",
    out: Tensor | None = None,
    ignore: bool = True,
) -> Tensor:
    """Formatted multilabel batch -> per-label [[tn, fp], [fn, tp]]: (L, 2, 2), or (N, L, 2, 2) per sample.

    Ignored targets (-1 after formatting) are left out; ``ignore=False`` promises there are none (faster).
    """
    num_samples, num_labels = preds.shape[:2]
    extra = [1] * (preds.ndim - 2)
    if multidim_average == "global":
        return _two_by_two_counts(preds, target, (num_labels,), (num_labels, *extra), ignore, out)
    shape = (num_samples, num_labels)
    return _two_by_two_counts(preds, target, shape, (*shape, *extra), ignore, out)


def _multiclass_samplewise_counts(
    preds: Tensor, target: Tensor, num_classes: int, ignore_index: int | None = None
) -> Tensor:
    """(N, C, 2, 2) one-vs-rest tables [[tn, fp], [fn, tp]] of each class in each sample of labels (N, X)."""
    preds, target = preds.reshape(preds.shape[0], -1), target.reshape(target.shape[0], -1)
    size = preds.shape[0] * num_classes
    offsets = torch.arange(0, size, num_classes, device=preds.device).unsqueeze(1)
    # three segments of bins per (sample, class): targets, predictions and hits (true positives)
    hit_index = torch.where(preds == target, target + offsets + 2 * size, 0)
    index = torch.stack([target + offsets, preds + offsets + size, hit_index])
    keep = torch.stack([torch.ones_like(preds, dtype=torch.bool)] * 2 + [preds == target])
    if ignore_index is not None:
        keep &= target != ignore_index
    support, predicted, tp = _add_counts(None, (3, size // num_classes, num_classes), index, keep)
    fn, fp = support - tp, predicted - tp
    tn = support.sum(1, keepdim=True) - support - fp
    return torch.stack([tn, fp, fn, tp], -1).view(-1, num_classes, 2, 2)


def _multiclass_stat_scores_counts(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    top_k: int = 1,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    out: Tensor | None = None,
) -> Tensor:
    """Formatted multiclass batch -> counts, added into ``out`` if given.

    Counts are [misses, hits] for ``average="micro"``, the (C, C) confusion matrix (rows: target) otherwise, and
    (N, C, 2, 2) one-vs-rest tables per sample with ``multidim_average="samplewise"``.
    """
    if top_k > 1:
        preds = _top_k_labels(preds, target, top_k)
    if multidim_average == "samplewise":
        return _multiclass_samplewise_counts(preds.long(), target.long(), num_classes, ignore_index)
    if average == "micro":
        keep = None if ignore_index is None else target != ignore_index
        return _add_counts(out, (2,), (preds == target).long(), keep)
    return _multiclass_confmat(preds, target, num_classes, ignore_index, out)


def _multiclass_confmat(
    preds: Tensor, target: Tensor, num_classes: int, ignore_index: int | None = None, out: Tensor | None = None
) -> Tensor:
    """(C, C) confusion matrix of labels (rows: target, columns: prediction), added into ``out`` if given.

    ``ignore_index`` targets are left out.
    """
    index = torch.add(preds, target.long(), alpha=num_classes)
    keep = None if ignore_index is None else target != ignore_index
    return _add_counts(out, (num_classes, num_classes), index, keep)


# -------------------------------------------------------------------------------- counts -> stats
def _two_by_two_stats(counts: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """``tp, fp, tn, fn`` of [[tn, fp], [fn, tp]] tables (..., 2, 2)."""
    tn, fp, fn, tp = counts.reshape(*counts.shape[:-2], 4).unbind(-1)
    return tp, fp, tn, fn


def _confmat_stats(confmat: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Per-class ``tp, fp, tn, fn`` of a (C, C) confusion matrix (rows: target)."""
    tp = confmat.diagonal()
    fp = confmat.sum(0) - tp
    fn = confmat.sum(1) - tp
    tn = confmat.sum() - (fp + fn + tp)
    return tp, fp, tn, fn


def _hits_stats(hits: Tensor, num_classes: int) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Micro ``tp, fp, tn, fn`` (shape (1,)) of [misses, hits]: a miss is a false positive and a false negative."""
    misses, tp = hits[:1], hits[1:]
    return tp, misses, num_classes * (misses + tp) - (2 * misses + tp), misses


def _multiclass_counts_stats(
    counts: Tensor, num_classes: int, average: Average = "macro", multidim_average: MultidimAverage = "global"
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """``tp, fp, tn, fn`` of multiclass counts (whichever form :func:`_multiclass_stat_scores_counts` gave)."""
    if multidim_average == "samplewise":
        return _two_by_two_stats(counts)
    if average == "micro":
        return _hits_stats(counts, num_classes)
    return _confmat_stats(counts)


def _binary_stat_scores_update(
    preds: Tensor, target: Tensor, multidim_average: MultidimAverage = "global"
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Formatted binary batch -> ``tp, fp, tn, fn`` (scalars, or (N,) per sample; a single sample gives scalars)."""
    return tuple(
        stat.squeeze() for stat in _two_by_two_stats(_binary_stat_scores_counts(preds, target, multidim_average))
    )


def _multilabel_counts_stats(
    counts: Tensor, multidim_average: MultidimAverage = "global"
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Per-label ``tp, fp, tn, fn`` of multilabel counts: (L,), or (N, L) per sample.

    Per-sample statistics of a single sample are (L,), as in TorchMetrics (which squeezes the sample dimension).
    """
    stats = _two_by_two_stats(counts)
    if multidim_average == "samplewise" and counts.shape[0] == 1:
        return tuple(stat.squeeze(0) for stat in stats)
    return stats


def _multilabel_stat_scores_update(
    preds: Tensor, target: Tensor, multidim_average: MultidimAverage = "global"
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Formatted multilabel batch -> per-label ``tp, fp, tn, fn``: (L,), or (N, L) per sample ((L,) for one)."""
    return _multilabel_counts_stats(_multilabel_stat_scores_counts(preds, target, multidim_average), multidim_average)


def _multiclass_stat_scores_update(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    top_k: int = 1,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Formatted multiclass batch -> ``tp, fp, tn, fn``: (1,) for micro, (C,) per class, or (N, C) per sample."""
    counts = _multiclass_stat_scores_counts(preds, target, num_classes, top_k, average, multidim_average, ignore_index)
    return _multiclass_counts_stats(counts, num_classes, average, multidim_average)


# ---------------------------------------------------------------------------------------- reduction
def _safe_divide(num: Tensor, denom: Tensor, zero_division: float = 0.0) -> Tensor:
    """``num / denom`` in floating point (float32 for integer counts), ``zero_division`` where ``denom`` is 0."""
    quotient = num / denom
    if quotient.dtype != torch.float32 and not (num.is_floating_point() or denom.is_floating_point()):
        quotient = quotient.float()
    return torch.where(denom != 0, quotient, zero_division)


def _micro_sum(stat: Tensor, multidim_average: MultidimAverage) -> Tensor:
    """Sum a statistic over classes (dimension 0, or the last per sample)."""
    return stat.sum(dim=0 if multidim_average == "global" else -1)


def _average_scores(
    score: Tensor,
    average: Average,
    multilabel: bool,
    tp: Tensor,
    fp: Tensor,
    fn: Tensor,
    top_k: int = 1,
) -> Tensor:
    """Average per-class scores over the last dimension: macro skips absent classes (multiclass), weighted by support.

    A class is absent when it has no tp, fp, fn (``top_k`` = 1) or no tp, fn (``top_k`` > 1).
    """
    if average is None or average == "none":
        return score
    if average == "weighted":
        weights = tp + fn
    elif multilabel:
        weights = torch.ones_like(score)
    else:
        weights = (tp + fp + fn if top_k == 1 else tp + fn) != 0
    return _safe_divide(weights * score, weights.sum(-1, keepdim=True)).sum(-1)


def _stat_scores_compute(
    tp: Tensor,
    fp: Tensor,
    tn: Tensor,
    fn: Tensor,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    multilabel: bool = False,
) -> Tensor:
    """``[tp, fp, tn, fn, support]`` in the last dimension, averaged over classes as ``average`` says."""
    stats = torch.stack([tp, fp, tn, fn, tp + fn], dim=-1)
    dim = 0 if multidim_average == "global" else -2
    if average == "binary":
        return stats.squeeze()
    if average == "micro":
        return stats.sum(dim) if stats.ndim > 1 else stats
    if average == "macro":
        return stats.float().mean(dim)
    if average == "weighted":
        weights = tp + fn
        total = weights.sum() if multidim_average == "global" or multilabel else weights.sum(-1, keepdim=True)
        return (stats * (weights / total).unsqueeze(-1)).sum(dim)
    return stats


# -------------------------------------------------------------------------------- steps in a row
def _binary_batch_stats(
    preds: Tensor,
    target: Tensor,
    threshold: float,
    multidim_average: MultidimAverage,
    ignore_index: int | None,
    validate_args: bool,
    zero_division: float = 0,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """``tp, fp, tn, fn`` of a binary batch: argument and tensor validation, format, update."""
    if validate_args:
        _binary_stat_scores_arg_validation(threshold, multidim_average, ignore_index, zero_division)
        _binary_stat_scores_tensor_validation(preds, target, multidim_average, ignore_index)
    preds, target = _binary_stat_scores_format(preds, target, threshold, ignore_index)
    return _binary_stat_scores_update(preds, target, multidim_average)


def _multiclass_batch_stats(
    preds: Tensor,
    target: Tensor,
    num_classes: int | None,
    average: Average,
    top_k: int,
    multidim_average: MultidimAverage,
    ignore_index: int | None,
    validate_args: bool,
    zero_division: float = 0,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """``tp, fp, tn, fn`` of a multiclass batch: argument and tensor validation, format, update."""
    if validate_args:
        _multiclass_stat_scores_arg_validation(
            num_classes, top_k, average, multidim_average, ignore_index, zero_division
        )
        _multiclass_stat_scores_tensor_validation(preds, target, num_classes, multidim_average, ignore_index)
    preds, target = _multiclass_stat_scores_format(preds, target, top_k)
    return _multiclass_stat_scores_update(
        preds, target, num_classes or 1, top_k, average, multidim_average, ignore_index
    )


def _multilabel_batch_stats(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float,
    average: Average,
    multidim_average: MultidimAverage,
    ignore_index: int | None,
    validate_args: bool,
    zero_division: float = 0,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """``tp, fp, tn, fn`` of a multilabel batch: argument and tensor validation, format, update."""
    if validate_args:
        _multilabel_stat_scores_arg_validation(
            num_labels, threshold, average, multidim_average, ignore_index, zero_division
        )
        _multilabel_stat_scores_tensor_validation(preds, target, num_labels, multidim_average, ignore_index)
    preds, target = _multilabel_stat_scores_format(preds, target, num_labels, threshold, ignore_index)
    return _multilabel_stat_scores_update(preds, target, multidim_average)


# ---------------------------------------------------------------------------------------- functions
def binary_stat_scores(
    preds: Tensor,
    target: Tensor,
    threshold: float = 0.5,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Count true positives, false positives, true negatives, false negatives and support of binary predictions.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        threshold: probability above which a prediction is positive.
        multidim_average: ``"global"`` counts over everything, ``"samplewise"`` per sample.
        ignore_index: target value left out of the counts.
        validate_args: check the arguments and the inputs.

    Returns:
        ``[tp, fp, tn, fn, support]``: shape (5,), or (N, 5) per sample.

    Example:
        >>> import torch
        >>> binary_stat_scores(torch.tensor([0.2, 0.8, 0.6, 0.1]), torch.tensor([0, 1, 0, 1]))
        tensor([1, 1, 1, 1, 2])
    """
    tp, fp, tn, fn = _binary_batch_stats(preds, target, threshold, multidim_average, ignore_index, validate_args)
    return _stat_scores_compute(tp, fp, tn, fn, "binary", multidim_average)


def multiclass_stat_scores(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    average: Average = "macro",
    top_k: int = 1,
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Count true positives, false positives, true negatives, false negatives and support of multiclass predictions.

    Args:
        preds: labels (N, ...) or scores (N, C, ...), whose argmax (or ``top_k`` best) is the prediction.
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        average: ``"micro"`` sums over classes, ``"macro"`` averages them, ``"weighted"`` by support,
            ``"none"``/``None`` keeps one row per class.
        top_k: a prediction is right when the target is among the ``top_k`` highest scores.
        multidim_average: ``"global"`` counts over everything, ``"samplewise"`` per sample.
        ignore_index: target value left out of the counts.
        validate_args: check the arguments and the inputs.

    Returns:
        ``[tp, fp, tn, fn, support]`` in the last dimension: (5,), (C, 5), (N, 5) or (N, C, 5).

    Example:
        >>> import torch
        >>> multiclass_stat_scores(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), num_classes=3, average=None)
        tensor([[1, 0, 2, 1, 2],
                [1, 1, 2, 0, 1],
                [1, 0, 3, 0, 1]])
    """
    tp, fp, tn, fn = _multiclass_batch_stats(
        preds, target, num_classes, average, top_k, multidim_average, ignore_index, validate_args
    )
    return _stat_scores_compute(tp, fp, tn, fn, average, multidim_average)


def multilabel_stat_scores(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    threshold: float = 0.5,
    average: Average = "macro",
    multidim_average: MultidimAverage = "global",
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Count true positives, false positives, true negatives, false negatives and support of multilabel predictions.

    Args:
        preds: labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels L.
        threshold: probability above which a prediction is positive.
        average: ``"micro"`` sums over labels, ``"macro"`` averages them, ``"weighted"`` by support,
            ``"none"``/``None`` keeps one row per label.
        multidim_average: ``"global"`` counts over everything, ``"samplewise"`` per sample.
        ignore_index: target value left out of the counts.
        validate_args: check the arguments and the inputs.

    Returns:
        ``[tp, fp, tn, fn, support]`` in the last dimension: (5,), (L, 5), (N, 5) or (N, L, 5).

    Example:
        >>> import torch
        >>> target = torch.tensor([[0, 1, 0], [1, 0, 1]])
        >>> multilabel_stat_scores(torch.tensor([[0, 0, 1], [1, 0, 1]]), target, num_labels=3, average="micro")
        tensor([2, 1, 2, 1, 3])
    """
    tp, fp, tn, fn = _multilabel_batch_stats(
        preds, target, num_labels, threshold, average, multidim_average, ignore_index, validate_args
    )
    return _stat_scores_compute(tp, fp, tn, fn, average, multidim_average, multilabel=True)


def stat_scores(
    preds: Tensor,
    target: Tensor,
    task: Task,
    threshold: float = 0.5,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: Average = "micro",
    multidim_average: MultidimAverage = "global",
    top_k: int = 1,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Tensor:
    """Stat scores ``[tp, fp, tn, fn, support]`` of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.

    Example:
        >>> import torch
        >>> stat_scores(torch.tensor([2, 1, 0, 1]), torch.tensor([2, 1, 0, 0]), task="multiclass", num_classes=3)
        tensor([3, 1, 7, 1, 4])
    """
    functions = (binary_stat_scores, multiclass_stat_scores, multilabel_stat_scores)
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
    )


def _check_task_int(name: str, value: object, task: str) -> None:
    """A ``ValueError`` unless ``value`` (an argument that the task needs) is an integer."""
    if not isinstance(value, int):
        raise ValueError(f"Expected argument `{name}` to be an integer when task={task!r}, but got {value!r}")


def _call_task(
    functions: tuple[Callable[..., Tensor], Callable[..., Tensor], Callable[..., Tensor]],
    task: Task,
    preds: Tensor,
    target: Tensor,
    threshold: float,
    num_classes: int | None,
    num_labels: int | None,
    average: Average,
    top_k: int | None,
    **kwargs: Any,
) -> Tensor:
    """Call the binary, multiclass or multilabel function of ``functions`` that ``task`` names."""
    binary, multiclass, multilabel = functions
    task = _classification_task(task)
    if task == "binary":
        return binary(preds, target, threshold=threshold, **kwargs)
    if task == "multiclass":
        _check_task_int("num_classes", num_classes, task)
        _check_task_int("top_k", top_k, task)
        return multiclass(preds, target, num_classes=num_classes, average=average, top_k=top_k, **kwargs)
    _check_task_int("num_labels", num_labels, task)
    return multilabel(preds, target, num_labels=num_labels, threshold=threshold, average=average, **kwargs)
