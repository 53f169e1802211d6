"""Structural similarity (SSIM) and multi-scale structural similarity (MS-SSIM)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_image.base import ScoreMetric
from metrics_image.functional.checks import Reduction
from metrics_image.functional.psnr import DataRange
from metrics_image.functional.ssim import (
    DEFAULT_BETAS,
    Normalize,
    _multiscale_ssim_arg_validation,
    _multiscale_ssim_tensor_validation,
    _multiscale_ssim_update,
    _ssim_arg_validation,
    _ssim_cast,
    _ssim_format,
    _ssim_tensor_validation,
    _ssim_update,
)


class _SimilarityMetric(ScoreMetric):
    """Per-image similarities, summed or kept."""

    is_differentiable = True
    higher_is_better = True
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0


class StructuralSimilarityIndexMeasure(_SimilarityMetric):
    """Structural similarity index measure (SSIM) of ``(N, C, H, W)`` images or ``(N, C, D, H, W)`` volumes.

    Args:
        gaussian_kernel: weigh each window with a Gaussian (covering 3.5 ``sigma`` on each side)
            instead of uniformly over ``kernel_size``.
        sigma: standard deviation of the Gaussian, per spatial dimension or one for all.
        kernel_size: size of the uniform window, per spatial dimension or one for all.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None`` over the images.
        data_range: width of the range of the values, or a ``(min, max)`` tuple to clamp into;
            None takes the larger range of ``preds`` and ``target`` in each batch.
        k1: stabiliser of the luminance term.
        k2: stabiliser of the contrast term.
        return_full_image: ``compute`` also returns the SSIM maps of all images.
        return_contrast_sensitivity: ``compute`` also returns each image's contrast sensitivity.

    Example:
        >>> import torch
        >>> preds = torch.linspace(0, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16)
        >>> metric = StructuralSimilarityIndexMeasure(data_range=1.0)
        >>> metric(preds, preds.flip(-1))
        tensor(0.9960)
    """

    def __init__(
        self,
        gaussian_kernel: bool = True,
        sigma: float | Sequence[float] = 1.5,
        kernel_size: int | Sequence[int] = 11,
        reduction: Reduction = "elementwise_mean",
        data_range: DataRange | None = None,
        k1: float = 0.01,
        k2: float = 0.03,
        return_full_image: bool = False,
        return_contrast_sensitivity: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(reduction, **kwargs)
        _ssim_arg_validation(
            sigma,
            kernel_size,
            reduction,
            data_range,
            k1,
            k2,
            return_full_image,
            return_contrast_sensitivity,
        )
        if return_full_image or return_contrast_sensitivity:
            self.add_state("image_return", default=[], dist_reduce_fx="cat")
        self.gaussian_kernel = gaussian_kernel
        self.sigma = sigma
        self.kernel_size = kernel_size
        self.data_range = data_range
        self.k1 = k1
        self.k2 = k2
        self.return_full_image = return_full_image
        self.return_contrast_sensitivity = return_contrast_sensitivity

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the SSIM of each image of the batch."""
        _ssim_tensor_validation(preds, target)
        self._check_devices(preds=preds, target=target)
        preds, target = _ssim_format(preds, target, self.data_range)
        similarity, extra = _ssim_update(
            preds,
            target,
            self.gaussian_kernel,
            self.sigma,
            self.kernel_size,
            self.data_range,
            self.k1,
            self.k2,
            self.return_full_image,
            self.return_contrast_sensitivity,
        )
        if extra is not None:
            self.image_return.append(extra)
        self._add_scores(similarity)

    def compute(self) -> Tensor | tuple[Tensor, Tensor]:
        """SSIM over all images seen (with the SSIM maps or contrast sensitivities when asked)."""
        similarity = self._reduced_scores()
        if self.return_full_image or self.return_contrast_sensitivity:
            return similarity, dim_zero_cat(self.image_return)
        return similarity


class MultiScaleStructuralSimilarityIndexMeasure(_SimilarityMetric):
    """Multi-scale structural similarity (MS-SSIM) of ``(N, C, H, W)`` images or ``(N, C, D, H, W)`` volumes.

    Args:
        gaussian_kernel: Gaussian (True) or uniform window, as for SSIM.
        kernel_size: size of the uniform window.
        sigma: standard deviation of the Gaussian.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None`` over the images.
        data_range: width of the range of the values, a ``(min, max)`` tuple, or None to infer it.
        k1: stabiliser of the luminance term.
        k2: stabiliser of the contrast term.
        betas: weight of each scale, finest first.
        normalize: ``"relu"`` clips negative factors, ``"simple"`` maps them to ``(x + 1) / 2``, None keeps them.

    Example:
        >>> import torch
        >>> preds = torch.linspace(0, 1, 3 * 64 * 64).reshape(1, 3, 64, 64)
        >>> metric = MultiScaleStructuralSimilarityIndexMeasure(data_range=1.0, betas=(0.5, 0.5))
        >>> metric(preds, preds.flip(-1))
        tensor(0.9997)
    """

    def __init__(
        self,
        gaussian_kernel: bool = True,
        kernel_size: int | Sequence[int] = 11,
        sigma: float | Sequence[float] = 1.5,
        reduction: Reduction = "elementwise_mean",
        data_range: DataRange | None = None,
        k1: float = 0.01,
        k2: float = 0.03,
        betas: tuple[float, ...] = DEFAULT_BETAS,
        normalize: Normalize = "relu",
        **kwargs: Any,
    ) -> None:
        super().__init__(reduction, **kwargs)
        _ssim_arg_validation(sigma, kernel_size, reduction, data_range, k1, k2)
        _multiscale_ssim_arg_validation(betas, normalize)
        self.gaussian_kernel = gaussian_kernel
        self.sigma = sigma
        self.kernel_size = kernel_size
        self.data_range = data_range
        self.k1 = k1
        self.k2 = k2
        self.betas = betas
        self.normalize = normalize

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add the MS-SSIM of each image of the batch."""
        _multiscale_ssim_tensor_validation(
            preds, target, self.gaussian_kernel, self.sigma, self.kernel_size, self.betas
        )
        self._check_devices(preds=preds, target=target)
        preds, target = _ssim_cast(preds, target)
        similarity = _multiscale_ssim_update(
            preds,
            target,
            self.gaussian_kernel,
            self.sigma,
            self.kernel_size,
            self.data_range,
            self.k1,
            self.k2,
            self.betas,
            self.normalize,
        )
        self._add_scores(similarity)

    def compute(self) -> Tensor:
        """MS-SSIM over all images seen."""
        return self._reduced_scores()
