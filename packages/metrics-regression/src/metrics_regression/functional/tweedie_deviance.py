"""Tweedie deviance score (the deviance of a Tweedie distribution with the given power)."""

from __future__ import annotations

import torch
from torch import Tensor

from metrics_regression.functional.checks import _check_same_shape


def _tweedie_deviance_score_arg_validation(power: float) -> None:
    if not isinstance(power, (float, int)) or isinstance(power, bool):
        raise ValueError(f"Argument `power` must be a float, got {power!r}")
    if 0 < power < 1:
        raise ValueError(f"The Tweedie deviance is not defined for power in (0, 1), got power={power}")


def _tweedie_deviance_score_tensor_validation(
    preds: Tensor, targets: Tensor, power: float, validate_args: bool = True
) -> None:
    """Same shapes; with ``validate_args``, values inside the domain of the deviance (syncs)."""
    _check_same_shape(preds, targets, ("preds", "targets"))
    if not validate_args or power == 0:
        return
    # preds > 0 for every power but 0; targets >= 0 from power 1, targets > 0 from power 2 (one sync).
    checks = [(preds <= 0).any()]
    if power >= 1:
        checks.append(((targets <= 0) if power >= 2 else (targets < 0)).any())
    bad = torch.stack(checks).tolist()
    if bad[0]:
        raise ValueError(f"For power={power}, `preds` must be strictly positive")
    if len(bad) > 1 and bad[1]:
        kind = "strictly positive" if power >= 2 else "non-negative"
        raise ValueError(f"For power={power}, `targets` must be {kind}")


def _tweedie_deviance_score_update(preds: Tensor, targets: Tensor, power: float = 0.0) -> tuple[Tensor, int]:
    """Sum of the unit deviances over all elements, and their number."""
    if power == 0:
        deviance = torch.pow(targets - preds, 2)
    elif power == 1:
        deviance = 2 * (torch.xlogy(targets, targets / preds) + preds - targets)
    elif power == 2:
        deviance = 2 * (torch.log(preds / targets) + targets / preds - 1)
    else:
        # At least the default dtype, as TorchMetrics' maximum with a zero tensor of that dtype gives.
        positive = torch.clamp(targets, min=0).to(torch.promote_types(targets.dtype, torch.get_default_dtype()))
        term_1 = torch.pow(positive, 2 - power) / ((1 - power) * (2 - power))
        term_2 = targets * torch.pow(preds, 1 - power) / (1 - power)
        term_3 = torch.pow(preds, 2 - power) / (2 - power)
        deviance = 2 * (term_1 - term_2 + term_3)
    return torch.sum(deviance), deviance.numel()


def _tweedie_deviance_score_compute(sum_deviance_score: Tensor, num_observations: int | Tensor) -> Tensor:
    return sum_deviance_score / num_observations


def tweedie_deviance_score(preds: Tensor, targets: Tensor, power: float = 0.0, validate_args: bool = True) -> Tensor:
    """Mean Tweedie deviance: squared error (power 0), Poisson (1), Gamma (2), or any power outside (0, 1).

    Args:
        preds: predictions, any shape; strictly positive for ``power`` < 0 or >= 1.
        targets: ground truth, same shape; non-negative for 1 <= ``power`` < 2, strictly positive for ``power`` >= 2.
        power: the Tweedie power.
        validate_args: raise a ``ValueError`` for values outside the domain (costs a device sync).

    Example:
        >>> import torch
        >>> tweedie_deviance_score(torch.tensor([2.0, 0.5, 1.0, 4.0]), torch.tensor([1.0, 2.0, 1.5, 2.0]), power=1)
        tensor(1.1507)
    """
    _tweedie_deviance_score_arg_validation(power)
    _tweedie_deviance_score_tensor_validation(preds, targets, power, validate_args)
    sum_deviance_score, num_observations = _tweedie_deviance_score_update(preds, targets, power)
    return _tweedie_deviance_score_compute(sum_deviance_score, num_observations)
