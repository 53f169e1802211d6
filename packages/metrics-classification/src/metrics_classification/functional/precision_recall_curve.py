"""Precision-recall curves, and the steps every curve family (ROC, AUROC, average precision) shares.

Inputs go through ``_<kind>_precision_recall_curve_arg_validation`` (constructor arguments, once),
``_<kind>_precision_recall_curve_tensor_validation`` (per batch, skipped with ``validate_args=False``) and
``_<kind>_precision_recall_curve_format`` (flatten extra dimensions to scores (M, C), logits -> probabilities,
ignored targets -> -1). The state is then either exact, the formatted scores and targets themselves
(``thresholds=None``), or binned, a multi-threshold confusion matrix (T, C, 2, 2) of tables [[tn, fp], [fn, tp]]
counted with one ``bincount`` (``_curve_confmat``); the classes accumulate the histogram behind it
(``_score_histogram``), cheaper to count, and make the tables once in ``compute``.

Exact curves come from :func:`_rank`: one sort of all classes at once ((C, M) scores), cumulative true and false
positives, and the last position of each group of tied scores, where the curve has its points (as in
scikit-learn). Areas are computed on "filled" cumulative counts, where every position holds the counts at the end
of its tie group, so that no per-class curve needs extracting.
"""

from __future__ import annotations

import functools
import warnings
from typing import Literal, NamedTuple

import torch
from torch import Tensor

from metrics_classification.functional.stat_scores import (
    ArgumentTypeError,
    TensorValueError,
    _bincount,
    _bounds,
    _check_same_shape,
    _check_task_int,
    _check_tensors,
    _class_labels,
    _classification_task,
    _found,
)

Thresholds = int | list[float] | Tensor | None
CurveAverage = Literal["micro", "macro"] | None
Normalization = Literal["sigmoid", "softmax"] | None
Curves = tuple[Tensor, Tensor, Tensor] | tuple[list[Tensor], list[Tensor], list[Tensor]]

_NO_POSITIVES_PR = "No positive samples found in target, recall is undefined. Setting recall to one for all thresholds."


# ----------------------------------------------------------------------------------------- arguments
def _check_int_above_one(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 2:
        raise ValueError(f"Expected argument `{name}` to be an integer larger than 1, but got {value!r}")


def _binary_precision_recall_curve_arg_validation(
    thresholds: Thresholds = None, ignore_index: int | None = None
) -> None:
    """``thresholds``: None, an int > 1, a list of floats in [0, 1] or a 1-d tensor; ``ignore_index``: None or int."""
    if thresholds is not None and (isinstance(thresholds, bool) or not isinstance(thresholds, (int, list, Tensor))):
        raise ArgumentTypeError(
            "Expected argument `thresholds` to be None, an integer, a list of floats or a tensor,"
            f" but got {thresholds!r}"
        )
    if isinstance(thresholds, int) and thresholds < 2:
        raise ValueError(f"Expected argument `thresholds` as an integer to be larger than 1, but got {thresholds}")
    if isinstance(thresholds, list) and not all(isinstance(t, float) and 0 <= t <= 1 for t in thresholds):
        raise ValueError(
            f"Expected argument `thresholds` as a list to hold floats in the [0, 1] range, but got {thresholds}"
        )
    if isinstance(thresholds, Tensor) and thresholds.ndim != 1:
        raise ValueError(
            f"Expected argument `thresholds` as a tensor to be 1-dimensional, but got shape {tuple(thresholds.shape)}"
        )
    if ignore_index is not None and (isinstance(ignore_index, bool) or not isinstance(ignore_index, int)):
        raise ValueError(f"Expected argument `ignore_index` to be None or an integer, but got {ignore_index!r}")


def _multiclass_precision_recall_curve_arg_validation(
    num_classes: int, thresholds: Thresholds = None, ignore_index: int | None = None, average: CurveAverage = None
) -> None:
    """``num_classes`` an integer > 1, ``average`` None, "micro" or "macro", and the binary arguments."""
    _check_int_above_one("num_classes", num_classes)
    if average not in (None, "micro", "macro"):
        raise ValueError(f"Expected argument `average` to be one of None, 'micro' or 'macro', but got {average!r}")
    _binary_precision_recall_curve_arg_validation(thresholds, ignore_index)


def _multilabel_precision_recall_curve_arg_validation(
    num_labels: int, thresholds: Thresholds = None, ignore_index: int | None = None
) -> None:
    """``num_labels`` an integer > 1, and the binary arguments."""
    _check_int_above_one("num_labels", num_labels)
    _binary_precision_recall_curve_arg_validation(thresholds, ignore_index)


def _check_average(average: object, allowed: tuple) -> None:
    if average not in allowed:
        raise ValueError(f"Expected argument `average` to be one of {allowed}, but got {average!r}")


# ------------------------------------------------------------------------------------------ tensors
def _check_dtypes(preds: Tensor, target: Tensor) -> None:
    if target.is_floating_point():
        raise ValueError(f"Expected argument `target` to be an integer tensor of labels, but got dtype {target.dtype}")
    if not preds.is_floating_point():
        raise ValueError(
            f"Expected argument `preds` to be a float tensor of probabilities or logits, but got dtype {preds.dtype}"
        )


def _check_scores_and_binary_target(preds: Tensor, target: Tensor, ignore_index: int | None) -> None:
    """0/1 targets (or ``ignore_index``) and scores without NaN; one host sync."""
    kept = target if ignore_index is None else torch.where(target == ignore_index, 0, target)
    (t_lo, t_hi), (p_lo, _) = _bounds([kept, preds])
    if not (t_lo >= 0 and t_hi <= 1):
        allowed = "0 and 1" + ("" if ignore_index is None else f" (or the `ignore_index` {ignore_index})")
        bad = _found(kept[(kept != 0) & (kept != 1)])
        raise TensorValueError(f"Expected argument `target` to hold only {allowed}, but found values {bad}")
    if p_lo != p_lo:
        raise TensorValueError("Expected argument `preds` to hold probabilities or logits, but found NaN values")


def _binary_precision_recall_curve_tensor_validation(
    preds: Tensor, target: Tensor, ignore_index: int | None = None
) -> None:
    """Same shapes, integer 0/1 targets (or ``ignore_index``), float scores without NaN."""
    _check_tensors(preds, target)
    _check_same_shape(preds, target)
    _check_dtypes(preds, target)
    _check_scores_and_binary_target(preds, target, ignore_index)


def _multilabel_precision_recall_curve_tensor_validation(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None = None
) -> None:
    """Shapes (N, L, ...), integer 0/1 targets (or ``ignore_index``), float scores without NaN."""
    _check_tensors(preds, target)
    _check_same_shape(preds, target)
    if preds.ndim < 2 or preds.shape[1] != num_labels:
        raise TensorValueError(
            f"Expected `preds` and `target` of shape (N, {num_labels}, ...) with num_labels={num_labels} in"
            f" dimension 1, but got shape {tuple(preds.shape)}"
        )
    _check_dtypes(preds, target)
    _check_scores_and_binary_target(preds, target, ignore_index)


def _multiclass_precision_recall_curve_tensor_validation(
    preds: Tensor, target: Tensor, num_classes: int, ignore_index: int | None = None
) -> None:
    """Scores (N, C, ...) without NaN and integer targets (N, ...) in [0, num_classes) (or ``ignore_index``)."""
    _check_tensors(preds, target)
    if preds.ndim != target.ndim + 1:
        raise TensorValueError(
            "Expected `preds` of shape (N, C, ...) with one dimension more than `target` (N, ...), but got"
            f" preds {tuple(preds.shape)} and target {tuple(target.shape)}"
        )
    _check_dtypes(preds, target)
    if preds.shape[1] != num_classes:
        raise TensorValueError(
            f"Expected `preds` to have num_classes={num_classes} entries in dimension 1, but got shape"
            f" {tuple(preds.shape)}"
        )
    if preds.shape[:1] + preds.shape[2:] != target.shape:
        raise TensorValueError(
            "Expected `preds` of shape (N, C, ...) and `target` of shape (N, ...), but got"
            f" preds {tuple(preds.shape)} and target {tuple(target.shape)}"
        )
    kept = target if ignore_index is None else torch.where(target == ignore_index, 0, target)
    (t_lo, t_hi), (p_lo, _) = _bounds([kept, preds])
    if not (t_lo >= 0 and t_hi < num_classes):
        raise TensorValueError(
            f"Expected argument `target` to hold only {_class_labels(num_classes, ignore_index)}, but found values"
            f" {_found(kept[(kept < 0) | (kept >= num_classes)])}"
        )
    if p_lo != p_lo:
        raise TensorValueError("Expected argument `preds` to hold probabilities or logits, but found NaN values")


# ------------------------------------------------------------------------------------------- format
def _thresholds_tensor(thresholds: Thresholds, device: torch.device | None = None) -> Tensor | None:
    """None, or the thresholds as a tensor: ``int`` -> that many evenly spaced in [0, 1]."""
    if isinstance(thresholds, int):
        return torch.linspace(0, 1, thresholds, device=device)
    if isinstance(thresholds, list):
        return torch.tensor(thresholds, device=device)
    return thresholds if thresholds is None or device is None else thresholds.to(device)


def _normalize_scores(preds: Tensor, normalization: Normalization, valid: Tensor | None = None) -> Tensor:
    """Scores as they are when all (``valid``) lie in [0, 1]; otherwise taken for logits (sigmoid or softmax on 1)."""
    if normalization is None or not preds.numel():
        return preds
    checked = preds if valid is None else torch.where(valid, preds, 0.5)
    if preds.device.type == "cpu":
        low, high = (bound.item() for bound in torch.aminmax(checked))
        if low >= 0 and high <= 1:
            return preds
    normalized = preds.sigmoid() if normalization == "sigmoid" else preds.softmax(1)
    return (
        normalized
        if preds.device.type == "cpu"
        else torch.where(((checked < 0) | (checked > 1)).any(), normalized, preds)
    )


def _ignored_as_minus_one(target: Tensor, ignore_index: int | None) -> Tensor:
    target = target.long()
    return target if ignore_index is None else torch.where(target == ignore_index, -1, target)


def _binary_precision_recall_curve_format(
    preds: Tensor, target: Tensor, ignore_index: int | None = None, normalization: Normalization = "sigmoid"
) -> tuple[Tensor, Tensor]:
    """Flat scores (M,) (logits get a sigmoid) and targets (M,), ignored targets -1."""
    preds, target = preds.reshape(-1), _ignored_as_minus_one(target.reshape(-1), ignore_index)
    valid = None if ignore_index is None else target >= 0
    return _normalize_scores(preds, normalization, valid), target


def _multiclass_precision_recall_curve_format(
    preds: Tensor, target: Tensor, num_classes: int, ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """Scores (M, C) (logits get a softmax) and labels (M,), ignored targets -1."""
    preds = preds.transpose(0, 1).reshape(num_classes, -1).T if preds.ndim > 2 else preds
    target = _ignored_as_minus_one(target.reshape(-1), ignore_index)
    valid = None if ignore_index is None else (target >= 0).unsqueeze(1)
    return _normalize_scores(preds, "softmax", valid), target


def _multilabel_precision_recall_curve_format(
    preds: Tensor, target: Tensor, num_labels: int, ignore_index: int | None = None
) -> tuple[Tensor, Tensor]:
    """Scores (M, L) (logits get a sigmoid) and 0/1 targets (M, L), ignored targets -1."""
    if preds.ndim > 2:
        preds = preds.transpose(0, 1).reshape(num_labels, -1).T
        target = target.transpose(0, 1).reshape(num_labels, -1).T
    return _normalize_scores(preds, "sigmoid"), _ignored_as_minus_one(target, ignore_index)


# --------------------------------------------------------------------- formatted state -> classes
class _ClassColumns(NamedTuple):
    """Scores (C, M) of C one-vs-rest problems, which entries are positive, which count (None: all)."""

    scores: Tensor
    positive: Tensor
    valid: Tensor | None


def _binary_columns(preds: Tensor, target: Tensor) -> _ClassColumns:
    return _ClassColumns(preds.reshape(1, -1), (target == 1).reshape(1, -1), (target >= 0).reshape(1, -1))


@functools.cache
def _class_indices(num_classes: int, device: torch.device) -> Tensor:
    return torch.arange(num_classes, device=device)


def _multiclass_columns(preds: Tensor, target: Tensor, num_classes: int, micro: bool = False) -> _ClassColumns:
    classes = _class_indices(num_classes, target.device)
    if micro:
        positive = (target.unsqueeze(1) == classes).reshape(1, -1)
        return _ClassColumns(preds.reshape(1, -1), positive, (target >= 0).repeat_interleave(num_classes).view(1, -1))
    valid = (target >= 0).unsqueeze(0).expand(num_classes, -1)
    return _ClassColumns(preds.T, target.unsqueeze(0) == classes.unsqueeze(1), valid)


def _multilabel_columns(preds: Tensor, target: Tensor, micro: bool = False) -> _ClassColumns:
    if micro:
        return _ClassColumns(preds.reshape(1, -1), (target == 1).reshape(1, -1), (target >= 0).reshape(1, -1))
    return _ClassColumns(preds.T, target.T == 1, target.T >= 0)


# ------------------------------------------------------------------------------------ binned state
def _sorted_thresholds(thresholds: Tensor) -> tuple[Tensor, Tensor | None]:
    """The thresholds in increasing order, and the indices that put tables counted in that order back in theirs."""
    if thresholds.shape[0] < 2:
        return thresholds, None
    ordered, order = thresholds.sort()
    return ordered, torch.argsort(order)


def _score_histogram(columns: _ClassColumns, ordered_thresholds: Tensor) -> Tensor:
    """Counts (C, 2, T + 1): per class and target (0/1), the scores that reach exactly k of the sorted thresholds.

    Invalid entries count nowhere. A sum of histograms is the histogram of the union, so a metric can accumulate
    them and turn them into tables once, in ``compute`` (:func:`_histogram_confmat`).
    """
    scores, positive, valid = columns
    num_classes, bins = scores.shape[0], ordered_thresholds.shape[0] + 1
    dtype = torch.promote_types(scores.dtype, ordered_thresholds.dtype)
    reached = torch.searchsorted(ordered_thresholds.to(dtype), scores.to(dtype).contiguous(), right=True)
    offsets = torch.arange(0, 2 * bins * num_classes, 2 * bins, device=scores.device).unsqueeze(1)
    index = reached + positive.long() * bins + offsets
    size = 2 * bins * num_classes
    if valid is not None:
        index = torch.where(valid, index, size)
    return _bincount(index, size + 1)[:size].view(num_classes, 2, bins)


def _histogram_confmat(histogram: Tensor, restore: Tensor | None) -> Tensor:
    """Tables [[tn, fp], [fn, tp]] (T, C, 2, 2) of ``score >= threshold`` from a score histogram (C, 2, T + 1).

    ``restore`` (from :func:`_sorted_thresholds`) puts the thresholds back in their given order.
    """
    at_least = histogram.flip(-1).cumsum(-1).flip(-1)  # at_least[..., k]: scores reaching k thresholds or more
    totals, reaching = at_least[..., :1], at_least[..., 1:]  # (C, 2, 1) and (C, 2, T)
    tables = torch.stack([totals - reaching, reaching], -1).permute(2, 0, 1, 3)  # (T, C, target, predicted)
    return tables if restore is None else tables[restore]


def _curve_confmat(columns: _ClassColumns, thresholds: Tensor) -> Tensor:
    """Tables [[tn, fp], [fn, tp]] (T, C, 2, 2) of ``score >= threshold`` for every threshold and class.

    Each score is counted once, in the bin of the number of (sorted) thresholds it reaches; a cumulative sum over
    the bins then gives the counts at every threshold.
    """
    ordered, restore = _sorted_thresholds(thresholds)
    return _histogram_confmat(_score_histogram(columns, ordered), restore)


def _confmat_stats(confmat: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """``tp, fp, tn, fn`` of tables (..., 2, 2)."""
    return confmat[..., 1, 1], confmat[..., 0, 1], confmat[..., 0, 0], confmat[..., 1, 0]


def _divide(num: Tensor, denom: Tensor, zero_division: float) -> Tensor:
    """``num / denom`` in float32, ``zero_division`` (may be NaN) where ``denom`` is 0."""
    num, denom = num.float(), denom.float()
    return torch.where(denom != 0, num / denom, zero_division)


# ------------------------------------------------------------------------------------- exact state
class _Ranking(NamedTuple):
    """Each class's entries in decreasing order of score (C, M), positives first among tied scores.

    ``values`` holds the sorted scores, or integer codes ordered like them (see :func:`_sort_keys`).
    """

    values: Tensor
    dtype: torch.dtype  # of the scores
    hit: Tensor  # the entry is a (valid) positive
    tps: Tensor  # cumulative true positives
    valid: Tensor | None  # None: every entry counts
    last: Tensor  # the last position of a group of tied scores: the points of the curve
    positives: Tensor  # (C, 1) totals
    negatives: Tensor

    def scores(self) -> Tensor:
        """The sorted scores (C, M) in their dtype."""
        if self.values.is_floating_point():
            return self.values
        descending = (self.values & 0xFFFFFFFF).neg_().add_(0xFFFFFFFF - (1 << 31)).int()
        return (descending ^ ((descending >> 31) & 0x7FFFFFFF)).view(torch.float32).to(self.dtype)

    def filled(self) -> tuple[Tensor, Tensor]:
        """``tps, fps`` where each position holds the counts at the end of its group of tied scores."""
        length = self.last.shape[1]
        positions = torch.arange(length, device=self.last.device).expand_as(self.last)
        ends = torch.where(self.last, positions, length - 1).flip(1).cummin(1).values.flip(1)
        return self.tps.gather(1, ends), self.fps().gather(1, ends)

    def fps(self) -> Tensor:
        """Cumulative false positives."""
        if self.valid is not None:
            return (~self.hit & self.valid).cumsum(1)
        return torch.arange(1, self.hit.shape[1] + 1, device=self.hit.device) - self.tps


_KEY_DTYPES = (torch.float16, torch.bfloat16, torch.float32)


@functools.cache
def _key_offsets(num_classes: int, device: torch.device) -> Tensor:
    """(class << 34) + (the largest score code << 2) + 1, per class (C, 1)."""
    return torch.arange(0, num_classes << 34, 1 << 34, device=device).unsqueeze(1) + ((0xFFFFFFFF - (1 << 31)) << 2) + 1


def _sort_keys(columns: _ClassColumns) -> tuple[Tensor, Tensor, Tensor | None]:
    """Sort scores of 32 bits or less as one flat array of int64 keys (a radix sort, faster than argsort).

    A key packs, from the high bits: the class, the score's bits in decreasing order (a float's bits, the
    negative ones flipped, order like the float; -0.0 is first made 0.0), invalid, not positive; so positives
    come first among tied scores. Returns the sorted score codes (class and score bits), hits and valid flags.
    """
    scores, positive, valid = columns
    num_classes, length = scores.shape
    bits = (scores.float() + 0.0).contiguous().view(torch.int32)
    codes = bits ^ ((bits >> 31) & 0x7FFFFFFF)
    if valid is not None:
        codes = torch.where(valid, codes, torch.iinfo(torch.int32).min)
    # (class << 34) + (decreasing score code << 2) + 1, less 1 for a positive, plus 2 for an invalid entry
    keys = torch.sub(_key_offsets(num_classes, scores.device), codes, alpha=4)
    keys.sub_(positive.view(torch.uint8))
    if valid is not None:
        keys.add_((~valid).view(torch.uint8), alpha=2)
    keys = torch.sort(keys.reshape(-1)).values.view(num_classes, length)
    hit = (keys & 1) == 0
    return keys >> 2, hit, None if valid is None else (keys & 2) == 0


def _sort_scores(columns: _ClassColumns) -> tuple[Tensor, Tensor, Tensor | None]:
    """Sort scores of any dtype with argsort: the sorted scores, hits and valid flags (invalid entries last)."""
    scores, positive, valid = columns
    if valid is not None:
        scores = torch.where(valid, scores, -torch.inf)
    scores, order = scores.sort(dim=1, descending=True)
    return scores, positive.gather(1, order), None if valid is None else valid.gather(1, order)


def _rank(columns: _ClassColumns) -> _Ranking:
    """One sort of all classes, cumulative true/false positives and the tie-group ends (entries not valid last)."""
    if columns.valid is not None and bool(columns.valid.all()):
        columns = columns._replace(valid=None)
    dtype = columns.scores.dtype
    if not columns.scores.is_floating_point():  # unvalidated integer scores: ranked as floats, kept in their dtype
        columns = columns._replace(scores=columns.scores.float())
    sort = _sort_keys if columns.scores.dtype in _KEY_DTYPES else _sort_scores
    values, hit, valid = sort(columns)
    if valid is not None:
        hit &= valid
    tps = hit.cumsum(1)
    length = hit.shape[1]
    positives = tps[:, -1:] if length else tps.new_zeros(tps.shape[0], 1)
    negatives = length - positives if valid is None else (~hit & valid).sum(1, keepdim=True)
    last = torch.ones_like(hit)
    torch.ne(values[:, 1:], values[:, :-1], out=last[:, :-1])
    if valid is not None:
        last &= valid
    return _Ranking(values, dtype, hit, tps, valid, last, positives, negatives)


def _split_curves(last: Tensor, *curves: Tensor) -> list[list[Tensor]]:
    """For each (C, K) curve, the list of its C rows at the ``last`` positions (one host sync)."""
    counts = last.sum(1).tolist()
    return [list(curve[last].split(counts)) for curve in curves]


# ---------------------------------------------------------------------------------- curves: exact
def _exact_precision_recall(ranking: _Ranking, recall_ones: Tensor) -> tuple[Tensor, Tensor]:
    """Precision and recall (C, M) at every position (meaningful at tie-group ends)."""
    tps = ranking.tps.float()
    precision = tps / (tps + ranking.fps())
    recall = tps / ranking.positives
    return precision, torch.where(recall_ones, 1.0, recall)


def _warn_no_positives(recall_ones: Tensor) -> None:
    for _ in range(int(recall_ones.sum())):
        warnings.warn(_NO_POSITIVES_PR, UserWarning, stacklevel=3)


def _exact_pr_curves(ranking: _Ranking, recall_ones: Tensor) -> tuple[list[Tensor], list[Tensor], list[Tensor]]:
    """Per class: precision and recall with the closing point (1, 0), thresholds increasing."""
    _warn_no_positives(recall_ones)
    precision, recall = _exact_precision_recall(ranking, recall_ones)
    num_classes = precision.shape[0]
    ones = torch.ones(num_classes, 1, dtype=precision.dtype, device=precision.device)
    last = torch.cat([ranking.last.flip(1), ones.bool()], 1)
    precision = torch.cat([precision.flip(1), ones], 1)
    recall = torch.cat([recall.flip(1), ones - 1], 1)
    thresholds = torch.cat([ranking.scores().flip(1), ones.to(ranking.dtype)], 1)
    precision, recall, thresholds = _split_curves(last, precision, recall, thresholds)
    return precision, recall, [t[:-1] for t in thresholds]


def _binary_recall_ones(ranking: _Ranking) -> Tensor:
    """Classes whose valid targets are all negative: their recall is set to one, as in TorchMetrics."""
    return ranking.positives == 0


def _multiclass_recall_ones(target: Tensor, num_classes: int) -> Tensor:
    """Every class when all (kept) targets are class 0 (TorchMetrics' rule), else none."""
    kept = target[target >= 0]
    all_zero = (kept == 0).all()
    return all_zero.expand(num_classes, 1)


# --------------------------------------------------------------------------------- curves: binned
def _binned_pr_curves(confmat: Tensor) -> tuple[Tensor, Tensor]:
    """Precision and recall (C, T + 1) of tables (T, C, 2, 2), NaN where undefined, closed by (1, 0)."""
    tp, fp, _, fn = _confmat_stats(confmat)
    precision = _divide(tp, tp + fp, torch.nan).T
    recall = _divide(tp, tp + fn, torch.nan).T
    ones = torch.ones(precision.shape[0], 1, device=precision.device)
    return torch.cat([precision, ones], 1), torch.cat([recall, ones - 1], 1)


# ------------------------------------------------------------------------------------ macro curves
def _interp(x: Tensor, xp: Tensor, fp: Tensor) -> Tensor:
    """Piecewise linear interpolation of (xp, fp) at ``x``; the segment is the one after the count of ``xp <= x``."""
    slope = _divide(fp[1:] - fp[:-1], xp[1:] - xp[:-1], 0.0)
    intercept = fp[:-1] - slope * xp[:-1]
    below = torch.searchsorted(xp.nan_to_num(torch.inf).sort().values, x, right=True)
    index = torch.where(x.isnan(), 0, below - 1).clamp(0, slope.shape[0] - 1)
    return slope[index] * x + intercept[index]


def _macro_curve(
    xs: Tensor | list[Tensor], ys: Tensor | list[Tensor], thresholds: Tensor | list[Tensor], descending: bool
) -> tuple[Tensor, Tensor, Tensor]:
    """Average of per-class curves: every class interpolated at the sorted union of their x values."""
    num_classes = len(xs)
    all_thresholds = torch.cat(list(thresholds)) if isinstance(thresholds, list) else thresholds.repeat(num_classes)
    mean_x = (torch.cat(xs) if isinstance(xs, list) else xs.flatten()).sort().values
    mean_y = torch.zeros_like(mean_x)
    for x, y in zip(xs, ys):
        mean_y += _interp(mean_x, x, y)
    return mean_x, mean_y / num_classes, all_thresholds.sort(descending=descending).values


# ----------------------------------------------------------------------------------------- compute
def _binary_precision_recall_curve_compute(
    state: Tensor | tuple[Tensor, Tensor], thresholds: Tensor | None
) -> tuple[Tensor, Tensor, Tensor]:
    """Binary state (exact ``(preds, target)`` or binned tables) -> precision, recall, thresholds."""
    if thresholds is not None:
        precision, recall = _binned_pr_curves(state.unsqueeze(1))
        return precision[0], recall[0], thresholds
    ranking = _rank(_binary_columns(*state))
    return tuple(curve[0] for curve in _exact_pr_curves(ranking, _binary_recall_ones(ranking)))


def _multiclass_precision_recall_curve_compute(
    state: Tensor | tuple[Tensor, Tensor], num_classes: int, thresholds: Tensor | None, average: CurveAverage = None
) -> Curves:
    """Multiclass state -> per-class curves (a list each when exact), or their micro/macro average."""
    if average == "micro":
        if thresholds is not None:
            return _binary_precision_recall_curve_compute(state.sum(1), thresholds)
        ranking = _rank(_multiclass_columns(*state, num_classes, micro=True))
        return tuple(curve[0] for curve in _exact_pr_curves(ranking, _binary_recall_ones(ranking)))
    if thresholds is not None:
        precision, recall = _binned_pr_curves(state)
        curves = (precision, recall, thresholds)
    else:
        ranking = _rank(_multiclass_columns(*state, num_classes))
        curves = _exact_pr_curves(ranking, _multiclass_recall_ones(state[1], num_classes))
    if average == "macro":
        return _macro_curve(*curves, descending=False)
    return curves


def _multilabel_precision_recall_curve_compute(
    state: Tensor | tuple[Tensor, Tensor], num_labels: int, thresholds: Tensor | None
) -> Curves:
    """Multilabel state -> per-label curves (a list each when exact)."""
    if thresholds is not None:
        precision, recall = _binned_pr_curves(state)
        return precision, recall, thresholds
    ranking = _rank(_multilabel_columns(*state))
    return _exact_pr_curves(ranking, _binary_recall_ones(ranking))


# ---------------------------------------------------------------------------------- state of a batch
def _binary_curve_state(preds: Tensor, target: Tensor, thresholds: Tensor | None) -> Tensor | tuple[Tensor, Tensor]:
    """Formatted binary batch -> exact ``(preds, target)`` or binned tables (T, 2, 2)."""
    if thresholds is None:
        return preds, target
    return _curve_confmat(_binary_columns(preds, target), thresholds)[:, 0]


def _multiclass_curve_state(
    preds: Tensor, target: Tensor, num_classes: int, thresholds: Tensor | None
) -> Tensor | tuple[Tensor, Tensor]:
    """Formatted multiclass batch -> exact ``(preds, target)`` or binned tables (T, C, 2, 2)."""
    if thresholds is None:
        return preds, target
    return _curve_confmat(_multiclass_columns(preds, target, num_classes), thresholds)


def _multilabel_curve_state(preds: Tensor, target: Tensor, thresholds: Tensor | None) -> Tensor | tuple[Tensor, Tensor]:
    """Formatted multilabel batch -> exact ``(preds, target)`` or binned tables (T, L, 2, 2)."""
    if thresholds is None:
        return preds, target
    return _curve_confmat(_multilabel_columns(preds, target), thresholds)


def _binary_curve_input(
    preds: Tensor, target: Tensor, thresholds: Thresholds, ignore_index: int | None, validate_args: bool
) -> tuple[Tensor | tuple[Tensor, Tensor], Tensor | None]:
    """Validate and format a binary batch: its state and the thresholds tensor."""
    if validate_args:
        _binary_precision_recall_curve_arg_validation(thresholds, ignore_index)
        _binary_precision_recall_curve_tensor_validation(preds, target, ignore_index)
    preds, target = _binary_precision_recall_curve_format(preds, target, ignore_index)
    thresholds = _thresholds_tensor(thresholds, preds.device)
    return _binary_curve_state(preds, target, thresholds), thresholds


def _multiclass_curve_input(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    thresholds: Thresholds,
    ignore_index: int | None,
    validate_args: bool,
) -> tuple[Tensor | tuple[Tensor, Tensor], Tensor | None]:
    """Validate (tensors only) and format a multiclass batch: its state and the thresholds tensor."""
    if validate_args:
        _multiclass_precision_recall_curve_tensor_validation(preds, target, num_classes, ignore_index)
    preds, target = _multiclass_precision_recall_curve_format(preds, target, num_classes, ignore_index)
    thresholds = _thresholds_tensor(thresholds, preds.device)
    return _multiclass_curve_state(preds, target, num_classes, thresholds), thresholds


def _multilabel_curve_input(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    thresholds: Thresholds,
    ignore_index: int | None,
    validate_args: bool,
) -> tuple[Tensor | tuple[Tensor, Tensor], Tensor | None]:
    """Validate (tensors only) and format a multilabel batch: its state and the thresholds tensor."""
    if validate_args:
        _multilabel_precision_recall_curve_tensor_validation(preds, target, num_labels, ignore_index)
    preds, target = _multilabel_precision_recall_curve_format(preds, target, num_labels, ignore_index)
    thresholds = _thresholds_tensor(thresholds, preds.device)
    return _multilabel_curve_state(preds, target, thresholds), thresholds


# --------------------------------------------------------------------------------------- functions
def binary_precision_recall_curve(
    preds: Tensor,
    target: Tensor,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> tuple[Tensor, Tensor, Tensor]:
    """Precision-recall curve of binary scores: precision and recall at every threshold, thresholds increasing.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        thresholds: None for the exact curve over every distinct score; an int (that many thresholds evenly
            spaced in [0, 1]), a list or a 1-d tensor of thresholds for a binned curve.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> binary_precision_recall_curve(torch.tensor([0.0, 0.5, 0.7, 0.8]), torch.tensor([0, 1, 1, 0]))
        (tensor([0.5000, 0.6667, 0.5000, 0.0000, 1.0000]), tensor([1.0000, 1.0000, 0.5000, 0.0000, 0.0000]), tensor([0.0000, 0.5000, 0.7000, 0.8000]))
    """  # noqa: E501
    state, thresholds = _binary_curve_input(preds, target, thresholds, ignore_index, validate_args)
    return _binary_precision_recall_curve_compute(state, thresholds)


def multiclass_precision_recall_curve(
    preds: Tensor,
    target: Tensor,
    num_classes: int,
    thresholds: Thresholds = None,
    average: CurveAverage = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Curves:
    """One-vs-rest precision-recall curve of each class of multiclass scores.

    Args:
        preds: probabilities or logits (a softmax is applied when values lie outside [0, 1]), shape (N, C, ...).
        target: labels in [0, num_classes), shape (N, ...).
        num_classes: number of classes.
        thresholds: None (exact: lists of per-class curves) or an int, list or tensor of thresholds (binned:
            tensors (C, T + 1)).
        average: None for per-class curves, ``"micro"`` for one curve over all one-hot entries, ``"macro"`` for the
            mean of the class curves interpolated at their common points.
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6]])
        >>> precision, recall, thresholds = multiclass_precision_recall_curve(preds, torch.tensor([0, 1, 1]), 3)
        >>> precision[1], recall[1], thresholds[1]
        (tensor([0.6667, 1.0000, 1.0000]), tensor([1.0000, 0.5000, 0.0000]), tensor([0.2000, 0.4000]))
    """
    if validate_args:
        _multiclass_precision_recall_curve_arg_validation(num_classes, thresholds, ignore_index, average)
    state, thresholds = _multiclass_curve_input(preds, target, num_classes, thresholds, ignore_index, validate_args)
    return _multiclass_precision_recall_curve_compute(state, num_classes, thresholds, average)


def multilabel_precision_recall_curve(
    preds: Tensor,
    target: Tensor,
    num_labels: int,
    thresholds: Thresholds = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Curves:
    """Precision-recall curve of each label of multilabel scores.

    Args:
        preds: probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, L, ...).
        target: 0/1 labels, shape (N, L, ...).
        num_labels: number of labels.
        thresholds: None (exact: lists of per-label curves) or an int, list or tensor of thresholds (binned:
            tensors (L, T + 1)).
        ignore_index: target value left out.
        validate_args: check the arguments and the inputs.

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.8, 0.2], [0.4, 0.6], [0.3, 0.9]])
        >>> precision, recall, thresholds = multilabel_precision_recall_curve(
        ...     preds, torch.tensor([[1, 0], [0, 1], [1, 1]]), num_labels=2, thresholds=3)
        >>> precision
        tensor([[0.6667, 1.0000,    nan, 1.0000],
                [0.6667, 1.0000,    nan, 1.0000]])
    """
    if validate_args:
        _multilabel_precision_recall_curve_arg_validation(num_labels, thresholds, ignore_index)
    state, thresholds = _multilabel_curve_input(preds, target, num_labels, thresholds, ignore_index, validate_args)
    return _multilabel_precision_recall_curve_compute(state, num_labels, thresholds)


def precision_recall_curve(
    preds: Tensor,
    target: Tensor,
    task: Literal["binary", "multiclass", "multilabel"],
    thresholds: Thresholds = None,
    num_classes: int | None = None,
    num_labels: int | None = None,
    average: CurveAverage = None,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> Curves:
    """Precision-recall curve of a ``task``: ``"binary"``, ``"multiclass"`` or ``"multilabel"``.

    Example:
        >>> import torch
        >>> precision, recall, thresholds = precision_recall_curve(
        ...     torch.tensor([0.1, 0.4, 0.8]), torch.tensor([0, 1, 1]), task="binary")
        >>> precision
        tensor([0.6667, 1.0000, 1.0000, 1.0000])
    """
    task = _curve_task(task, num_classes, num_labels)
    if task == "binary":
        return binary_precision_recall_curve(preds, target, thresholds, ignore_index, validate_args)
    if task == "multiclass":
        return multiclass_precision_recall_curve(
            preds, target, num_classes, thresholds, average, ignore_index, validate_args
        )
    return multilabel_precision_recall_curve(preds, target, num_labels, thresholds, ignore_index, validate_args)


def _curve_task(
    task: str,
    num_classes: int | None,
    num_labels: int | None,
    tasks: tuple[str, ...] = ("binary", "multiclass", "multilabel"),
) -> str:
    """The task name (one of ``tasks``), checking that the number of classes or labels it needs is an integer."""
    task = _classification_task(task, tasks)
    if task == "multiclass":
        _check_task_int("num_classes", num_classes, task)
    elif task == "multilabel":
        _check_task_int("num_labels", num_labels, task)
    return task


# ---------------------------------------------------------------------------------- class averages
def _reduce_class_scores(scores: Tensor, average: str | None, weights: Tensor) -> Tensor:
    """Average per-class scores (C,): NaN classes are left out (with a warning); ``"weighted"`` by ``weights``."""
    if average is None or average == "none":
        return scores
    if average not in ("macro", "weighted"):
        raise ValueError(
            f"Expected argument `average` to be one of 'macro', 'weighted', 'none' or None, but got {average!r}"
        )
    missing = scores.isnan()
    if not missing.any():
        if average == "macro":
            return scores.mean()
        return (scores * _divide(weights, weights.sum().expand_as(weights), 0.0)).sum()
    warnings.warn(
        f"Average precision score for one or more classes was `nan`. Ignoring these classes in {average}-average",
        UserWarning,
        stacklevel=3,
    )
    kept = torch.where(missing, 0.0, scores)
    if average == "macro":
        return kept.sum() / (~missing).sum()
    weights = torch.where(missing, 0.0, weights.float())
    return (kept * _divide(weights, weights.sum().expand_as(weights), 0.0)).sum()
