"""Kendall rank correlation coefficient (tau-a, tau-b, tau-c) and its asymptotic significance test."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_num_outputs, _check_same_shape

VARIANTS = ("a", "b", "c")
ALTERNATIVES = ("two-sided", "less", "greater")
# Pairs compared at once when counting concordant and discordant pairs (bounds the memory used).
_PAIRS_PER_CHUNK = 1 << 22


def _kendall_corrcoef_arg_validation(variant: str, t_test: bool, alternative: str | None) -> tuple[str, str | None]:
    """Check the arguments; return ``variant`` and ``alternative`` spelled as canonical (case and ``_`` are free)."""
    variant = variant.lower() if isinstance(variant, str) else variant
    if variant not in VARIANTS:
        raise ValueError(f"Argument `variant` must be one of {VARIANTS}, got {variant!r}")
    if not isinstance(t_test, bool):
        raise ValueError(f"Argument `t_test` must be a bool, got {t_test!r}")
    if t_test and alternative is None:
        raise ValueError("Argument `alternative` is required when `t_test=True`, got None")
    alternative = alternative.lower().replace("_", "-") if isinstance(alternative, str) else alternative
    if t_test and alternative not in ALTERNATIVES:
        raise ValueError(f"Argument `alternative` must be one of {ALTERNATIVES}, got {alternative!r}")
    return variant, alternative


def _kendall_corrcoef_tensor_validation(preds: Tensor, target: Tensor, num_outputs: int | None = None) -> None:
    """Same shapes, ``(N,)`` or ``(N, num_outputs)`` (``None``: any number of columns)."""
    _check_same_shape(preds, target)
    _check_num_outputs(preds, num_outputs or (preds.shape[-1] if preds.ndim == 2 else 1))


def _kendall_corrcoef_format(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Both as ``(N, outputs)``."""
    if preds.ndim == 1:
        return preds.unsqueeze(1), target.unsqueeze(1)
    return preds, target


def _pair_counts(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Concordant and discordant pairs per column (pairs tied in either variable are neither)."""
    num, outputs = preds.shape
    concordant = torch.zeros(outputs, dtype=torch.int64, device=preds.device)
    discordant = torch.zeros_like(concordant)
    chunk = max(1, _PAIRS_PER_CHUNK // max(1, num * outputs))
    for start in range(0, num, chunk):
        order = torch.sign(preds[start : start + chunk, None] - preds[None]) * torch.sign(
            target[start : start + chunk, None] - target[None]
        )
        concordant += (order > 0).sum((0, 1))
        discordant += (order < 0).sum((0, 1))
    # Every unordered pair was seen twice.
    return concordant // 2, discordant // 2


def _tie_statistics(values: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Per column, over groups of ``t`` equal values: sum t(t-1)/2, sum t(t-1)(t-2), sum t(t-1)(2t+5), group count."""
    num, outputs = values.shape
    ordered = values.sort(dim=0).values
    starts = torch.ones_like(ordered, dtype=torch.bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    group = starts.cumsum(0) - 1 + torch.arange(outputs, device=values.device) * num
    sizes = torch.bincount(group.T.reshape(-1), minlength=num * outputs).view(outputs, num).double()
    pairs = (sizes * (sizes - 1) / 2).sum(1)
    p1 = (sizes * (sizes - 1) * (sizes - 2)).sum(1)
    p2 = (sizes * (sizes - 1) * (2 * sizes + 5)).sum(1)
    return pairs, p1, p2, starts.sum(0).double()


def _normal_cdf(value: Tensor) -> Tensor:
    return 0.5 * torch.erfc(-value / math.sqrt(2.0))


def _kendall_statistic(
    difference: Tensor, n: float, preds_ties: tuple[Tensor, ...] | None, target_ties: tuple[Tensor, ...] | None
) -> Tensor:
    """The normal test statistic of tau, tie-corrected unless tau-a.

    The counts are exact integers; as in TorchMetrics, each quotient is rounded to float32 and the
    variance summed in float32, so that where a constant variable makes the variance 0 up to rounding,
    the statistic (0 / 0 in exact arithmetic) is what TorchMetrics gives.
    """
    difference = difference.float()
    base = n * (n - 1) * (2 * n + 5)
    if preds_ties is None or target_ties is None:
        return 3 * difference / torch.sqrt(torch.tensor(base, device=difference.device).float() / 2)
    pairs = n * (n - 1)
    variance = (base - preds_ties[2] - target_ties[2]).float() / 18
    variance = variance + (2 * preds_ties[0] * target_ties[0]).float() / _float32_like(pairs, difference)
    variance = variance + (preds_ties[1] * target_ties[1]).float() / _float32_like(9 * pairs * (n - 2), difference)
    return difference / torch.sqrt(variance)


def _float32_like(value: float, like: Tensor) -> Tensor:
    return torch.tensor(value, dtype=torch.float32, device=like.device)


def _kendall_corrcoef_compute(
    preds: Tensor, target: Tensor, variant: str = "b", alternative: str | None = None
) -> tuple[Tensor, Tensor | None]:
    """Tau per column of ``(N, outputs)`` inputs, and the p-value of the asymptotic test when ``alternative``."""
    num = preds.shape[0]
    concordant, discordant = _pair_counts(preds, target)
    difference = (concordant - discordant).double()
    n = float(num)
    preds_ties = target_ties = None
    if variant == "a":
        tau = difference / (concordant + discordant)
    else:
        preds_ties = _tie_statistics(preds)
        target_ties = _tie_statistics(target)
        if variant == "b":
            combinations = n * (n - 1) / 2
            tau = difference / torch.sqrt((combinations - preds_ties[0]) * (combinations - target_ties[0]))
        else:
            classes = torch.minimum(preds_ties[3], target_ties[3])
            tau = 2 * difference / ((classes - 1) / classes * n * n)
    p_value = None
    if alternative is not None:
        statistic = _kendall_statistic(difference, n, preds_ties, target_ties).double()
        if alternative == "two-sided":
            p_value = 2 * _normal_cdf(-statistic.abs())
        else:
            p_value = _normal_cdf(statistic if alternative == "less" else -statistic)
        p_value = p_value.float()
    # TorchMetrics' tau-c carries the inputs' floating dtype, the other variants are float32.
    dtype = torch.promote_types(preds.dtype, target.dtype)
    dtype = dtype if variant == "c" and dtype.is_floating_point else torch.float32
    return tau.clamp(-1, 1).to(dtype), p_value


def kendall_rank_corrcoef(
    preds: Tensor,
    target: Tensor,
    variant: str = "b",
    t_test: bool = False,
    alternative: str | None = "two-sided",
) -> Tensor | tuple[Tensor, Tensor]:
    """Kendall rank correlation coefficient, per output; with ``t_test``, also the p-value of tau = 0.

    Args:
        preds: predictions, ``(N,)`` or ``(N, num_outputs)``.
        target: ground truth, same shape.
        variant: ``"a"`` (no tie correction), ``"b"`` (ties in both variables) or ``"c"`` (Stuart's tau-c).
        t_test: also return the p-value of the asymptotic (normal) test.
        alternative: ``"two-sided"``, ``"less"`` or ``"greater"``.

    Example:
        >>> import torch
        >>> preds, target = torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0])
        >>> kendall_rank_corrcoef(preds, torch.tensor([3.0, -0.5, 8.0, 1.0]))
        tensor(0.)
        >>> kendall_rank_corrcoef(preds, target, t_test=True, alternative="greater")
        (tensor(1.), tensor(0.0208))
    """
    variant, alternative = _kendall_corrcoef_arg_validation(variant, t_test, alternative)
    _kendall_corrcoef_tensor_validation(preds, target)
    tau, p_value = _kendall_corrcoef_compute(
        *_kendall_corrcoef_format(preds, target), variant, alternative if t_test else None
    )
    if preds.ndim == 1 or tau.shape[0] == 1:
        tau = tau.squeeze(0)
        p_value = p_value.squeeze(0) if p_value is not None else None
    return tau if p_value is None else (tau, p_value)
