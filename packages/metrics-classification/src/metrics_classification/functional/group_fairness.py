"""Group fairness of binary predictions: rates per group, demographic parity and equal opportunity.

A batch becomes a ``(num_groups, 2, 2)`` stack of tables ``[[tn, fp], [fn, tp]]``, one per group, counted in one
pass without a host sync, so a metric keeps a constant-size state. A sample counts for the group whose id it
carries: a batch that lacks some group adds nothing to it. (TorchMetrics 1.9 numbers the groups present in each
batch 0, 1, ... in order, so there a missing group shifts the counts of the groups above it.)

The functional forms report the groups that occur in ``groups``, keyed by their ids; the classes report every group
``0 .. num_groups - 1``. A rate divided by zero is 0, as in TorchMetrics, except in :func:`binary_groups_stat_rates`
where a group without counted samples gets NaN rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import torch
from torch import Tensor

from metrics_classification.functional.precision_recall_curve import _check_int_above_one
from metrics_classification.functional.stat_scores import (
    ArgumentTypeError,
    TensorValueError,
    _binary_stat_scores_arg_validation,
    _binary_stat_scores_format,
    _binary_stat_scores_tensor_validation,
    _bounds,
    _found,
    _safe_divide,
    _two_by_two_counts,
    _two_by_two_stats,
)

FairnessTask = Literal["demographic_parity", "equal_opportunity", "all"]
_FAIRNESS_TASKS = ("demographic_parity", "equal_opportunity", "all")


def _groups_arg_validation(num_groups: int, threshold: float = 0.5, ignore_index: int | None = None) -> None:
    """``num_groups`` an integer > 1, and the binary ``threshold`` and ``ignore_index``."""
    _check_int_above_one("num_groups", num_groups)
    _binary_stat_scores_arg_validation(threshold, "global", ignore_index)


def _fairness_task_validation(task: str) -> None:
    if task not in _FAIRNESS_TASKS:
        raise ValueError(f"Expected argument `task` to be one of {list(_FAIRNESS_TASKS)}, but got {task!r}")


def _counted_target(preds: Tensor, target: Tensor | None, task: str) -> Tensor:
    """The target; demographic parity looks at predictions only, so there every sample counts as a negative."""
    if task == "demographic_parity":
        return torch.zeros(preds.shape, dtype=torch.long, device=preds.device)
    if target is None:
        raise TypeError(f"Expected argument `target` to be a torch.Tensor for task={task!r}, but got None")
    return target


def _groups_tensor_validation(
    preds: Tensor, target: Tensor, groups: Tensor, num_groups: int | None = None, ignore_index: int | None = None
) -> None:
    """A binary batch, and ``groups``: integer ids in [0, num_groups), one per sample (N,) or one per entry."""
    _binary_stat_scores_tensor_validation(preds, target, "global", ignore_index)
    if not isinstance(groups, Tensor):
        raise TypeError(f"Expected argument `groups` to be a torch.Tensor, but got {type(groups).__name__}")
    if groups.is_floating_point() or groups.is_complex() or groups.dtype == torch.bool:
        raise ArgumentTypeError(f"Expected argument `groups` to be an integer tensor, but got dtype {groups.dtype}")
    if groups.device != preds.device:
        raise ValueError(
            f"Expected `groups` on the device of `preds` ({preds.device}), but got groups on {groups.device}"
        )
    if groups.shape != preds.shape and groups.numel() != preds.shape[0]:
        raise TensorValueError(
            f"Expected argument `groups` of shape ({preds.shape[0]},) (one id per sample) or {tuple(preds.shape)}"
            f" (one per prediction), but got shape {tuple(groups.shape)}"
        )
    ((low, high),) = _bounds([groups])
    if low < 0 or (num_groups is not None and high >= num_groups):
        allowed = "non-negative integers" if num_groups is None else f"integers in [0, {num_groups})"
        bad = groups[groups < 0] if num_groups is None else groups[(groups < 0) | (groups >= num_groups)]
        raise TensorValueError(f"Expected argument `groups` to hold {allowed}, but found values {_found(bad)}")


def _groups_format(
    preds: Tensor, target: Tensor, groups: Tensor, threshold: float = 0.5, ignore_index: int | None = None
) -> tuple[Tensor, Tensor, Tensor]:
    """0/1 predictions and targets (ignored ones -1) as in the binary metrics, and int64 group ids laid over them."""
    preds, target = _binary_stat_scores_format(preds, target, threshold, ignore_index)
    groups = groups.long()
    if groups.numel() == preds.numel():
        return preds, target, groups.reshape(preds.shape)
    return preds, target, groups.reshape(-1, *[1] * (preds.ndim - 1))


def _groups_stat_counts(
    preds: Tensor, target: Tensor, groups: Tensor, num_groups: int, ignore_index: int | None = None
) -> Tensor:
    """Formatted batch -> tables [[tn, fp], [fn, tp]] per group: (num_groups, 2, 2)."""
    return _two_by_two_counts(preds, target, (num_groups,), groups, ignore_index is not None, None)


def _binary_groups_stat_scores(
    preds: Tensor,
    target: Tensor | None,
    groups: Tensor,
    num_groups: int | None,
    threshold: float = 0.5,
    ignore_index: int | None = None,
    validate_args: bool = True,
    task: str = "all",
) -> Tensor:
    """One batch, validated if asked, -> (num_groups, 2, 2) tables; ``num_groups=None``: the largest id + 1.

    For ``task="demographic_parity"`` the target and ``ignore_index`` play no part.
    """
    target = _counted_target(preds, target, task)
    ignore_index = None if task == "demographic_parity" else ignore_index
    if validate_args:
        _groups_tensor_validation(preds, target, groups, num_groups, ignore_index)
    if num_groups is None:
        num_groups = int(groups.max()) + 1
    preds, target, groups = _groups_format(preds, target, groups, threshold, ignore_index)
    return _groups_stat_counts(preds, target, groups, num_groups, ignore_index)


def _present_groups(groups: Tensor) -> list[int]:
    """The ids that occur in ``groups``, in increasing order."""
    return torch.unique(groups).tolist()


def _groups_stat_rates(confmat: Tensor, ids: Sequence[int]) -> dict[str, Tensor]:
    """``{"group_<id>": [tp, fp, tn, fn] / total}`` for the tables (G, 2, 2) of the groups ``ids``."""
    stats = torch.stack(_two_by_two_stats(confmat), dim=1)
    rates = stats / stats.sum(1, keepdim=True)
    return {f"group_{group}": group_rates for group, group_rates in zip(ids, rates.unbind(0))}


def _parity(name: str, rates: Tensor, ids: Sequence[int]) -> dict[str, Tensor]:
    """``{"<name>_<lowest id>_<highest id>": lowest rate / highest rate}`` (first group on ties; 0 when all are 0)."""
    low, high = torch.stack((rates.argmin(), rates.argmax())).tolist()
    return {f"{name}_{ids[low]}_{ids[high]}": _safe_divide(rates[low], rates[high])}


def _fairness_compute(confmat: Tensor, task: FairnessTask, ids: Sequence[int]) -> dict[str, Tensor]:
    """Demographic parity (ratio of positive prediction rates) and/or equal opportunity (of true positive rates)."""
    tp, fp, tn, fn = _two_by_two_stats(confmat)
    result = {}
    if task in ("demographic_parity", "all"):
        result.update(_parity("DP", _safe_divide(tp + fp, tp + fp + tn + fn), ids))
    if task in ("equal_opportunity", "all"):
        result.update(_parity("EO", _safe_divide(tp, tp + fn), ids))
    return result


def binary_groups_stat_rates(
    preds: Tensor,
    target: Tensor,
    groups: Tensor,
    num_groups: int,
    threshold: float = 0.5,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> dict[str, Tensor]:
    """Rates of true positives, false positives, true negatives and false negatives within each group.

    Args:
        preds: 0/1 labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...).
        groups: integer group ids in [0, num_groups), one per sample (N,) or one per prediction (N, ...).
        num_groups: number of groups.
        threshold: probability above which a prediction is positive.
        ignore_index: target value left out.
        validate_args: check the arguments and the tensors.

    Returns:
        ``{"group_<id>": tensor([tp, fp, tn, fn]) / samples of the group}`` for each group that occurs in ``groups``.

    Example:
        >>> import torch
        >>> preds = torch.tensor([0.9, 0.2, 0.7, 0.4, 0.8, 0.1])
        >>> target = torch.tensor([1, 0, 0, 1, 1, 0])
        >>> binary_groups_stat_rates(preds, target, torch.tensor([0, 0, 0, 1, 1, 1]), num_groups=2)
        {'group_0': tensor([0.3333, 0.3333, 0.3333, 0.0000]), 'group_1': tensor([0.3333, 0.0000, 0.3333, 0.3333])}
    """
    if validate_args:
        _groups_arg_validation(num_groups, threshold, ignore_index)
    confmat = _binary_groups_stat_scores(preds, target, groups, num_groups, threshold, ignore_index, validate_args)
    ids = _present_groups(groups)
    return _groups_stat_rates(confmat[ids], ids)


def _fairness(
    preds: Tensor,
    target: Tensor | None,
    groups: Tensor,
    task: FairnessTask,
    threshold: float,
    ignore_index: int | None,
    validate_args: bool,
) -> dict[str, Tensor]:
    if validate_args:
        _fairness_task_validation(task)
        _binary_stat_scores_arg_validation(threshold, "global", ignore_index)
    confmat = _binary_groups_stat_scores(preds, target, groups, None, threshold, ignore_index, validate_args, task)
    ids = _present_groups(groups)
    return _fairness_compute(confmat[ids], task, ids)


def demographic_parity(
    preds: Tensor,
    groups: Tensor,
    threshold: float = 0.5,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> dict[str, Tensor]:
    """Demographic parity: the lowest rate of positive predictions among the groups divided by the highest.

    The arguments are those of :func:`binary_fairness` (without a target, ``ignore_index`` has no effect).

    Returns:
        ``{"DP_<id of the lowest group>_<id of the highest group>": ratio}``; 1 is parity, lower is more disparate.

    Example:
        >>> import torch
        >>> preds = torch.tensor([0.9, 0.2, 0.7, 0.4, 0.8, 0.1])
        >>> demographic_parity(preds, torch.tensor([0, 0, 0, 1, 1, 1]))
        {'DP_1_0': tensor(0.5000)}
    """
    return _fairness(preds, None, groups, "demographic_parity", threshold, ignore_index, validate_args)


def equal_opportunity(
    preds: Tensor,
    target: Tensor,
    groups: Tensor,
    threshold: float = 0.5,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> dict[str, Tensor]:
    """Equal opportunity: the lowest true positive rate among the groups divided by the highest.

    The arguments are those of :func:`binary_fairness`.

    Returns:
        ``{"EO_<id of the lowest group>_<id of the highest group>": ratio}``; a group without positives has rate 0.

    Example:
        >>> import torch
        >>> preds = torch.tensor([0.9, 0.2, 0.7, 0.4, 0.8, 0.1])
        >>> target = torch.tensor([1, 1, 0, 1, 1, 0])
        >>> equal_opportunity(preds, target, torch.tensor([0, 0, 0, 1, 1, 1]))
        {'EO_0_0': tensor(1.)}
    """
    return _fairness(preds, target, groups, "equal_opportunity", threshold, ignore_index, validate_args)


def binary_fairness(
    preds: Tensor,
    target: Tensor | None,
    groups: Tensor,
    task: FairnessTask = "all",
    threshold: float = 0.5,
    ignore_index: int | None = None,
    validate_args: bool = True,
) -> dict[str, Tensor]:
    """Demographic parity and/or equal opportunity of binary predictions across groups.

    Args:
        preds: 0/1 labels, probabilities or logits (a sigmoid is applied to values outside [0, 1]), shape (N, ...).
        target: 0/1 labels, shape (N, ...); not used (may be None) with ``task="demographic_parity"``.
        groups: integer group ids, one per sample (N,) or one per prediction (N, ...).
        task: ``"demographic_parity"``, ``"equal_opportunity"`` or ``"all"`` (both).
        threshold: probability above which a prediction is positive.
        ignore_index: target value left out (of both ratios with ``task="all"``; with ``"demographic_parity"``,
            which looks at predictions only, it has no effect).
        validate_args: check the arguments and the tensors.

    Returns:
        ``{"DP_<low>_<high>": ratio, "EO_<low>_<high>": ratio}`` (the keys ``task`` asks for), ids of the groups
        with the lowest and the highest rate.

    Example:
        >>> import torch
        >>> preds = torch.tensor([0.9, 0.2, 0.7, 0.4, 0.8, 0.1])
        >>> target = torch.tensor([1, 0, 0, 1, 1, 0])
        >>> binary_fairness(preds, target, torch.tensor([0, 0, 0, 1, 1, 1]))
        {'DP_1_0': tensor(0.5000), 'EO_1_0': tensor(0.5000)}
    """
    return _fairness(preds, target, groups, task, threshold, ignore_index, validate_args)
