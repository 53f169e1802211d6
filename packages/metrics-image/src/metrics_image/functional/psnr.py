"""Peak signal-to-noise ratio: ``10 * log10(data_range ** 2 / MSE)``."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import torch
from torch import Tensor

from metrics_image.functional.checks import Reduction, _check_reduction, _check_same_shape, _check_tensors, _reduce

DataRange = float | tuple[float, float]
Dim = int | Sequence[int] | None


def _data_range_arg_validation(data_range: object, name: str = "data_range") -> None:
    """``data_range``: a positive number, or a ``(min, max)`` pair with ``min < max``."""
    if isinstance(data_range, tuple):
        numbers = len(data_range) == 2 and all(isinstance(v, (int, float)) for v in data_range)
        if not numbers or not data_range[0] < data_range[1]:
            raise ValueError(f"Argument `{name}` as a tuple must be (min, max) with min < max, got {data_range!r}")
        return
    if isinstance(data_range, Tensor) and data_range.numel() == 1:
        data_range = float(data_range)
    if not isinstance(data_range, (int, float)) or isinstance(data_range, bool) or not data_range > 0:
        raise ValueError(f"Argument `{name}` must be a positive number or a (min, max) tuple, got {data_range!r}")


def _data_range_tensor(data_range: DataRange) -> Tensor:
    """The width of the data range as a tensor (an integer one for a tuple of integers)."""
    if isinstance(data_range, tuple):
        return torch.tensor(data_range[1] - data_range[0])
    return torch.tensor(float(data_range))


def _clamp_to_range(x: Tensor, data_range: DataRange | None) -> Tensor:
    """Clamp ``x`` into ``data_range`` when it is a ``(min, max)`` tuple."""
    if isinstance(data_range, tuple):
        return torch.clamp(x, min=data_range[0], max=data_range[1])
    return x


def _psnr_arg_validation(data_range: DataRange, base: float, reduction: Reduction, dim: Dim) -> None:
    _data_range_arg_validation(data_range)
    if not isinstance(base, (int, float)) or isinstance(base, bool) or base <= 0 or base == 1:
        raise ValueError(f"Argument `base` must be a positive number other than 1, got {base!r}")
    _check_reduction(reduction)
    dims = [dim] if isinstance(dim, int) else dim
    if dims is not None and not (isinstance(dims, Sequence) and all(isinstance(d, int) for d in dims)):
        raise ValueError(f"Argument `dim` must be None, an int or a sequence of ints, got {dim!r}")
    if dim is None and reduction != "elementwise_mean":
        warnings.warn(f"The `reduction={reduction}` will not have any effect when `dim` is None.", UserWarning, 3)


def _psnr_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_tensors(preds=preds, target=target)
    _check_same_shape(preds, target)


def _psnr_format(preds: Tensor, target: Tensor, data_range: DataRange) -> tuple[Tensor, Tensor]:
    """Clamp into a tuple ``data_range`` and cast integer images to float32."""
    preds, target = _clamp_to_range(preds, data_range), _clamp_to_range(target, data_range)
    if not preds.is_floating_point():
        preds = preds.to(torch.float32)
    if not target.is_floating_point():
        target = target.to(torch.float32)
    return preds, target


def _psnr_update(preds: Tensor, target: Tensor, dim: Dim = None) -> tuple[Tensor, int]:
    """Sum of squared errors over ``dim`` (everything when None) and the number of values behind each sum."""
    diff = preds - target
    if dim is None:
        return _sum_of_squares(diff), diff.numel()
    dims = [dim] if isinstance(dim, int) else list(dim)
    sum_squared_error = torch.sum(diff * diff, dim=dims)
    num_obs = math.prod(target.shape[d] for d in dims) if dims else target.numel()
    return sum_squared_error, num_obs


def _sum_of_squares(x: Tensor) -> Tensor:
    """``(x * x).sum()`` in one pass: a dot product for float32/float64, reduced in float32 for half types."""
    if x.dtype in (torch.float32, torch.float64):
        flat = x.reshape(-1)
        return torch.dot(flat, flat)
    return x.square().sum()


def _psnr_compute(
    sum_squared_error: Tensor,
    num_obs: int | Tensor,
    data_range: Tensor,
    base: float = 10.0,
    reduction: Reduction = "elementwise_mean",
) -> Tensor:
    """PSNR from summed squared errors; ``data_range`` is the width of the range of the values."""
    return _psnr_from_mse(sum_squared_error / num_obs, data_range, base, reduction)


def _psnr_from_mse(mse: Tensor, data_range: Tensor, base: float, reduction: Reduction) -> Tensor:
    log_ratio = 2 * torch.log(data_range) - torch.log(mse)
    return _reduce(log_ratio * (10 / torch.log(torch.tensor(base))), reduction)


def peak_signal_noise_ratio(
    preds: Tensor,
    target: Tensor,
    data_range: DataRange,
    base: float = 10.0,
    reduction: Reduction = "elementwise_mean",
    dim: Dim = None,
) -> Tensor:
    """Peak signal-to-noise ratio (PSNR) between ``preds`` and ``target``, in decibels for ``base=10``.

    Args:
        preds: estimated images, any shape.
        target: ground-truth images of the same shape.
        data_range: width of the range of the values, or a ``(min, max)`` tuple: the inputs are
            then clamped into it.
        base: base of the logarithm.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None``, over the scores
            left by ``dim``.
        dim: dimensions to compute each score over (default: one score over everything).

    Example:
        >>> import torch
        >>> preds = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
        >>> target = torch.tensor([[3.0, 2.0], [1.0, 0.0]])
        >>> peak_signal_noise_ratio(preds, target, data_range=3.0)
        tensor(2.5527)
    """
    _psnr_arg_validation(data_range, base, reduction, dim)
    _psnr_tensor_validation(preds, target)
    preds, target = _psnr_format(preds, target, data_range)
    sum_squared_error, num_obs = _psnr_update(preds, target, dim)
    return _psnr_compute(sum_squared_error, num_obs, _data_range_tensor(data_range), base, reduction)
