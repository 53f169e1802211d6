"""Peak signal-to-noise ratio (PSNR)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.functional.checks import Reduction
from metrics_image.functional.psnr import (
    DataRange,
    Dim,
    _data_range_tensor,
    _psnr_arg_validation,
    _psnr_format,
    _psnr_from_mse,
    _psnr_tensor_validation,
    _psnr_update,
)


class PeakSignalNoiseRatio(ImageMetric):
    """Peak signal-to-noise ratio (PSNR), ``10 * log10(data_range ** 2 / MSE)`` for ``base=10``.

    Args:
        data_range: width of the range of the values, or a ``(min, max)`` tuple: the inputs are
            then clamped into it.
        base: base of the logarithm.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None``, over the scores left by ``dim``.
        dim: dimensions to compute each score over (default: one score over everything seen).

    Example:
        >>> import torch
        >>> metric = PeakSignalNoiseRatio(data_range=3.0)
        >>> metric(torch.tensor([[0.0, 1.0], [2.0, 3.0]]), torch.tensor([[3.0, 2.0], [1.0, 0.0]]))
        tensor(2.5527)
    """

    is_differentiable = True
    higher_is_better = True
    plot_lower_bound = 0.0
    data_range: Tensor

    def __init__(
        self,
        data_range: DataRange,
        base: float = 10.0,
        reduction: Reduction = "elementwise_mean",
        dim: Dim = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        _psnr_arg_validation(data_range, base, reduction, dim)
        self.register_buffer("data_range", _data_range_tensor(data_range), persistent=False)
        self.clamp_range = data_range if isinstance(data_range, tuple) else None
        self.base = base
        self.reduction = reduction
        self.dim = tuple(dim) if isinstance(dim, Sequence) else dim
        if self.dim is None:
            self.add_state("sum_squared_error", default=torch.tensor(0.0), dist_reduce_fx="sum")
            self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")
        else:
            self.add_state("mean_squared_error", default=[], dist_reduce_fx="cat")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the squared errors of a batch (one mean squared error per score when ``dim`` is set)."""
        _psnr_tensor_validation(preds, target)
        self._check_devices(preds=preds, target=target)
        preds, target = _psnr_format(preds, target, self.clamp_range)
        sum_squared_error, num_obs = _psnr_update(preds, target, self.dim)
        if self.dim is None:
            self.sum_squared_error += sum_squared_error
            self.total += num_obs
        else:
            self.mean_squared_error.append((sum_squared_error / num_obs).flatten())

    def compute(self) -> Tensor:
        """PSNR over everything seen (one score per entry of the ``dim`` reductions when ``dim`` is set)."""
        mse = self.sum_squared_error / self.total if self.dim is None else dim_zero_cat(self.mean_squared_error)
        return _psnr_from_mse(mse, self.data_range, self.base, self.reduction)
