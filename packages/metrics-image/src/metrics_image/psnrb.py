"""PSNR with blocked effect (PSNR-B)."""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor

from metrics_image.base import ImageMetric
from metrics_image.functional.psnr import DataRange, _data_range_tensor, _psnr_format
from metrics_image.functional.psnrb import (
    _psnrb_arg_validation,
    _psnrb_compute,
    _psnrb_tensor_validation,
    _psnrb_update,
)


class PeakSignalNoiseRatioWithBlockedEffect(ImageMetric):
    """PSNR with blocked effect (PSNR-B) of one-channel ``(N, 1, H, W)`` images, for block-compressed images.

    The blocking effect factor of each batch is added up over batches.

    Args:
        data_range: width of the range of the values, or a ``(min, max)`` tuple to clamp into.
        block_size: size of the compression blocks.

    Example:
        >>> import torch
        >>> target = torch.linspace(0, 1, 2 * 16 * 16).reshape(2, 1, 16, 16)
        >>> metric = PeakSignalNoiseRatioWithBlockedEffect(data_range=1.0)
        >>> metric(target.round(decimals=1), target)
        tensor(26.4542)
    """

    is_differentiable = True
    higher_is_better = True
    data_range: Tensor

    def __init__(self, data_range: DataRange, block_size: int = 8, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _psnrb_arg_validation(data_range, block_size)
        self.block_size = block_size
        self.register_buffer("data_range", _data_range_tensor(data_range), persistent=False)
        self.clamp_range = data_range if isinstance(data_range, tuple) else None
        self.add_state("sum_squared_error", default=torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")
        self.add_state("bef", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the squared errors and the blocking effect of a batch."""
        _psnrb_tensor_validation(preds, target)
        self._check_devices(preds=preds, target=target)
        preds, target = _psnr_format(preds, target, self.clamp_range)
        sum_squared_error, bef, num_obs = _psnrb_update(preds, target, self.block_size)
        self.sum_squared_error += sum_squared_error
        self.bef += bef
        self.total += num_obs

    def compute(self) -> Tensor:
        """PSNR-B over everything seen."""
        return _psnrb_compute(self.sum_squared_error, self.bef, self.total, self.data_range)
