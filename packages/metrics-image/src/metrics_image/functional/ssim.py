"""Structural similarity (SSIM) and its multi-scale form (MS-SSIM), on 2D images and 3D volumes.

Local means, variances and covariance come from one separable Gaussian (or box) filtering of
the stacked ``preds``, ``target`` and their products, reflection-padded so that the SSIM map
keeps the size of the input.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Literal

import torch
import torch.nn.functional as F
from torch import Tensor

from metrics_image.functional.checks import (
    Reduction,
    _check_ndim,
    _check_reduction,
    _check_same_shape,
    _check_tensors,
    _reduce,
)
from metrics_image.functional.filters import filter_separable, gaussian_kernel_1d, reflect_pad, uniform_kernel_1d
from metrics_image.functional.psnr import DataRange, _clamp_to_range, _data_range_arg_validation

Normalize = Literal["relu", "simple"] | None
DEFAULT_BETAS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def _as_list(value: float | Sequence[float], length: int) -> list:
    return list(value) if isinstance(value, Sequence) else [value] * length


def _ssim_arg_validation(
    sigma: float | Sequence[float],
    kernel_size: int | Sequence[int],
    reduction: Reduction,
    data_range: DataRange | None,
    k1: float,
    k2: float,
    return_full_image: bool = False,
    return_contrast_sensitivity: bool = False,
) -> None:
    sizes = _as_list(kernel_size, 2)
    if not all(isinstance(k, int) and not isinstance(k, bool) for k in sizes) or len(sizes) not in (2, 3):
        raise ValueError(f"Argument `kernel_size` must be an int or a sequence of 2 or 3 ints, got {kernel_size!r}")
    if any(k % 2 == 0 or k <= 0 for k in sizes):
        raise ValueError(f"Argument `kernel_size` must hold odd positive numbers, got {kernel_size!r}")
    sigmas = _as_list(sigma, 2)
    if not all(isinstance(s, (int, float)) for s in sigmas) or len(sigmas) not in (2, 3):
        raise ValueError(f"Argument `sigma` must be a number or a sequence of 2 or 3 numbers, got {sigma!r}")
    if any(s <= 0 for s in sigmas):
        raise ValueError(f"Argument `sigma` must hold positive numbers, got {sigma!r}")
    _check_reduction(reduction)
    if data_range is not None:
        _data_range_arg_validation(data_range)
    for name, value in (("k1", k1), ("k2", k2)):
        if not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f"Argument `{name}` must be a non-negative number, got {value!r}")
    if return_full_image and return_contrast_sensitivity:
        raise ValueError("Arguments `return_full_image` and `return_contrast_sensitivity` are mutually exclusive.")


def _ssim_window(
    spatial: int, gaussian_kernel: bool, sigma: float | Sequence[float], kernel_size: int | Sequence[int]
) -> tuple[list[int], list[int], list[float] | None]:
    """Kernel size, padding and (for a Gaussian) sigma of each spatial dimension.

    A Gaussian kernel covers 3.5 sigma on each side; its padding follows the kernel in every
    dimension but the third of a volume, which is padded by ``kernel_size`` as TorchMetrics does.
    """
    sizes, sigmas = _as_list(kernel_size, spatial), _as_list(sigma, spatial)
    for name, value in (("kernel_size", sizes), ("sigma", sigmas)):
        if len(value) != spatial:
            raise ValueError(
                f"Argument `{name}` has {len(value)} entries but the inputs have {spatial} spatial dimensions"
            )
    if not gaussian_kernel:
        return sizes, [(k - 1) // 2 for k in sizes], None
    kernels = [int(3.5 * s + 0.5) * 2 + 1 for s in sigmas]
    pads = [(k - 1) // 2 for k in kernels[:2]] + [(k - 1) // 2 for k in sizes[2:]]
    return kernels, pads, sigmas


def _check_window_fits(shape: Sequence[int], kernels: Sequence[int], pads: Sequence[int], what: str = "") -> None:
    """The reflection padding and the kernel must fit in every spatial dimension."""
    for size, kernel, pad in zip(shape, kernels, pads):
        if pad >= size or size + 2 * pad < kernel:
            raise ValueError(
                f"The spatial size {tuple(shape)} of `preds` and `target`{what} is too small for a window of"
                f" {tuple(kernels)} with reflection padding {tuple(pads)}: each size must exceed its padding"
            )


def _ssim_tensor_validation(preds: Tensor, target: Tensor) -> None:
    _check_tensors(preds=preds, target=target)
    _check_same_shape(preds, target)
    _check_ndim(preds, (4, 5), "preds", "(N, C, H, W) or (N, C, D, H, W)")


def _ssim_cast(preds: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:
    """Cast ``target`` to the dtype of ``preds`` (integer images to float32)."""
    if not preds.is_floating_point():
        preds = preds.to(torch.float32)
    return preds, target.to(preds.dtype)


def _ssim_format(preds: Tensor, target: Tensor, data_range: DataRange | None) -> tuple[Tensor, Tensor]:
    """Cast as ``_ssim_cast`` does and clamp into a tuple ``data_range``."""
    preds, target = _ssim_cast(preds, target)
    return _clamp_to_range(preds, data_range), _clamp_to_range(target, data_range)


def _data_range_width(preds: Tensor, target: Tensor, data_range: DataRange | None) -> float | Tensor:
    """The width of ``data_range``, or the larger value range of ``preds`` and ``target`` when it is None."""
    if data_range is None:
        return torch.maximum(preds.max() - preds.min(), target.max() - target.min())
    if isinstance(data_range, tuple):
        return data_range[1] - data_range[0]
    return float(data_range)


def _ssim_statistics(
    preds: Tensor, target: Tensor, kernels: Sequence[int], pads: Sequence[int], sigmas: Sequence[float] | None
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Sums of the squared local means and of the local variances, product of the means, covariance.

    All come from one filtering pass over ``preds``, ``target`` and their products.
    """
    batch, dtype, device = preds.shape[0], preds.dtype, preds.device
    padded = reflect_pad(torch.cat((preds, target)), pads)
    # preds and target are filtered together, and so are their squares: fewer, larger operations
    stacked = torch.cat((padded, padded * padded, padded[:batch] * padded[batch:]))
    if sigmas is None:
        weights = [uniform_kernel_1d(k, dtype, device) for k in kernels]
    else:
        weights = [gaussian_kernel_1d(k, s, dtype, device) for k, s in zip(kernels, sigmas)]
    filtered = filter_separable(stacked, weights)
    means, squares, product = filtered[: 2 * batch], filtered[2 * batch : 4 * batch], filtered[4 * batch :]
    means_sq = means.pow(2)
    variances = torch.clamp(squares - means_sq, min=0.0)
    mu_pred_target = means[:batch] * means[batch:]
    mu_sq_sum = means_sq[:batch] + means_sq[batch:]
    return mu_sq_sum, mu_pred_target, variances[:batch] + variances[batch:], product - mu_pred_target


def _per_image_mean(x: Tensor) -> Tensor:
    return x.reshape(x.shape[0], -1).mean(-1)


def _crop(x: Tensor, pads: Sequence[int]) -> Tensor:
    """Drop ``pads`` values at both ends of each spatial dimension (``x[..., p:-p]``: a zero pad leaves nothing)."""
    for axis, pad in zip(range(-len(pads), 0), pads):
        start = min(pad, x.shape[axis])
        x = x.narrow(axis, start, max(x.shape[axis] - 2 * pad, 0) if pad else 0)
    return x


def _ssim_update(
    preds: Tensor,
    target: Tensor,
    gaussian_kernel: bool = True,
    sigma: float | Sequence[float] = 1.5,
    kernel_size: int | Sequence[int] = 11,
    data_range: DataRange | None = None,
    k1: float = 0.01,
    k2: float = 0.03,
    return_full_image: bool = False,
    return_contrast_sensitivity: bool = False,
) -> tuple[Tensor, Tensor | None]:
    """SSIM of each image, with the full SSIM map or each image's contrast sensitivity when asked."""
    spatial = preds.ndim - 2
    kernels, pads, sigmas = _ssim_window(spatial, gaussian_kernel, sigma, kernel_size)
    _check_window_fits(preds.shape[2:], kernels, pads)
    width = _data_range_width(preds, target, data_range)
    c1, c2 = pow(k1 * width, 2), pow(k2 * width, 2)
    mu_sq_sum, mu_pred_target, sigma_sq_sum, sigma_pred_target = _ssim_statistics(preds, target, kernels, pads, sigmas)
    upper = 2 * sigma_pred_target + c2
    lower = sigma_sq_sum + c2
    ssim_map = (2 * mu_pred_target + c1) * upper / ((mu_sq_sum + c1) * lower)
    if return_contrast_sensitivity:
        return _per_image_mean(ssim_map), _per_image_mean(_crop(upper / lower, pads))
    return _per_image_mean(ssim_map), ssim_map if return_full_image else None


def _ssim_compute(similarities: Tensor, reduction: Reduction = "elementwise_mean") -> Tensor:
    return _reduce(similarities, reduction)


def structural_similarity_index_measure(
    preds: Tensor,
    target: Tensor,
    gaussian_kernel: bool = True,
    sigma: float | Sequence[float] = 1.5,
    kernel_size: int | Sequence[int] = 11,
    reduction: Reduction = "elementwise_mean",
    data_range: DataRange | None = None,
    k1: float = 0.01,
    k2: float = 0.03,
    return_full_image: bool = False,
    return_contrast_sensitivity: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """Structural similarity index measure (SSIM) of ``(N, C, H, W)`` images or ``(N, C, D, H, W)`` volumes.

    Args:
        preds: estimated images.
        target: ground-truth images of the same shape.
        gaussian_kernel: weigh each window with a Gaussian (covering 3.5 ``sigma`` on each side)
            instead of uniformly over ``kernel_size``.
        sigma: standard deviation of the Gaussian, per spatial dimension or one for all.
        kernel_size: size of the uniform window, per spatial dimension or one for all.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None`` over the images.
        data_range: width of the range of the values, or a ``(min, max)`` tuple to clamp into;
            None takes the larger range of ``preds`` and ``target``.
        k1: stabiliser of the luminance term.
        k2: stabiliser of the contrast term.
        return_full_image: also return the SSIM map.
        return_contrast_sensitivity: also return each image's contrast sensitivity.

    Example:
        >>> import torch
        >>> preds = torch.linspace(0, 1, 2 * 3 * 16 * 16).reshape(2, 3, 16, 16)
        >>> structural_similarity_index_measure(preds, preds.flip(-1), data_range=1.0)
        tensor(0.9960)
    """
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
    _ssim_tensor_validation(preds, target)
    preds, target = _ssim_format(preds, target, data_range)
    similarity, extra = _ssim_update(
        preds,
        target,
        gaussian_kernel,
        sigma,
        kernel_size,
        data_range,
        k1,
        k2,
        return_full_image,
        return_contrast_sensitivity,
    )
    if extra is None:
        return _ssim_compute(similarity, reduction)
    return _ssim_compute(similarity, reduction), extra


def _multiscale_ssim_arg_validation(betas: tuple[float, ...], normalize: Normalize) -> None:
    if not isinstance(betas, tuple) or not betas or not all(isinstance(beta, float) for beta in betas):
        raise ValueError(f"Argument `betas` must be a non-empty tuple of floats, got {betas!r}")
    if normalize not in ("relu", "simple", None):
        raise ValueError(f"Argument `normalize` must be 'relu', 'simple' or None, got {normalize!r}")


def _multiscale_ssim_tensor_validation(
    preds: Tensor,
    target: Tensor,
    gaussian_kernel: bool,
    sigma: float | Sequence[float],
    kernel_size: int | Sequence[int],
    betas: tuple[float, ...],
) -> None:
    """The images must hold every scale: ``2 ** len(betas)`` pixels and room for the window at each scale."""
    _ssim_tensor_validation(preds, target)
    spatial = preds.ndim - 2
    height, width = preds.shape[-2:]
    scales = len(betas)
    if height < 2**scales or width < 2**scales:
        raise ValueError(
            f"For {scales} `betas` the image height and width must be at least {2**scales}, got {height}x{width}"
        )
    sizes = _as_list(kernel_size, spatial)
    divisor = max(1, scales - 1) ** 2
    for name, size, kernel in (("height", height, sizes[0]), ("width", width, sizes[1])):
        if size // divisor <= kernel - 1:
            raise ValueError(
                f"For {scales} `betas` and kernel size {kernel} the image {name} must be larger than"
                f" {(kernel - 1) * divisor}, got {size}"
            )
    kernels, pads, _ = _ssim_window(spatial, gaussian_kernel, sigma, kernel_size)
    shape = list(preds.shape[2:])
    for scale in range(scales):
        _check_window_fits(shape, kernels, pads, f" at scale {scale} (shape {tuple(shape)})")
        shape = [size // 2 for size in shape]


def _multiscale_ssim_update(
    preds: Tensor,
    target: Tensor,
    gaussian_kernel: bool = True,
    sigma: float | Sequence[float] = 1.5,
    kernel_size: int | Sequence[int] = 11,
    data_range: DataRange | None = None,
    k1: float = 0.01,
    k2: float = 0.03,
    betas: tuple[float, ...] = DEFAULT_BETAS,
    normalize: Normalize = "relu",
) -> Tensor:
    """MS-SSIM of each image: contrast sensitivity of every scale but the coarsest, its SSIM, weighted by ``betas``.

    As in TorchMetrics, the unclamped images are halved and each scale is clamped into a tuple ``data_range``.
    """
    pool = F.avg_pool2d if preds.ndim == 4 else F.avg_pool3d
    spatial = preds.ndim - 2
    kernels, pads, sigmas = _ssim_window(spatial, gaussian_kernel, sigma, kernel_size)
    factors = []
    for scale in range(len(betas)):
        if scale > 0:
            preds, target = pool(preds, 2), pool(target, 2)
        scaled_preds, scaled_target = _clamp_to_range(preds, data_range), _clamp_to_range(target, data_range)
        width = _data_range_width(scaled_preds, scaled_target, data_range)
        c1, c2 = pow(k1 * width, 2), pow(k2 * width, 2)
        mu_sq_sum, mu_pred_target, sigma_sq_sum, sigma_pred_target = _ssim_statistics(
            scaled_preds, scaled_target, kernels, pads, sigmas
        )
        upper = 2 * sigma_pred_target + c2
        lower = sigma_sq_sum + c2
        if scale < len(betas) - 1:
            factor = _per_image_mean(_crop(upper / lower, pads))
        else:
            factor = _per_image_mean((2 * mu_pred_target + c1) * upper / ((mu_sq_sum + c1) * lower))
        factors.append(torch.relu(factor) if normalize == "relu" else factor)
    stacked = torch.stack(factors)
    if normalize == "simple":
        stacked = (stacked + 1) / 2
    return torch.prod(stacked ** _betas_column(betas, torch.get_default_dtype(), stacked.device), dim=0)


@functools.lru_cache(maxsize=16)
def _betas_column(betas: tuple[float, ...], dtype: torch.dtype, device: torch.device) -> Tensor:
    """``betas`` as a column on ``device``, kept so that updates copy nothing to the device."""
    return torch.tensor(betas, dtype=dtype, device=device).view(-1, 1)


def multiscale_structural_similarity_index_measure(
    preds: Tensor,
    target: Tensor,
    gaussian_kernel: bool = True,
    sigma: float | Sequence[float] = 1.5,
    kernel_size: int | Sequence[int] = 11,
    reduction: Reduction = "elementwise_mean",
    data_range: DataRange | None = None,
    k1: float = 0.01,
    k2: float = 0.03,
    betas: tuple[float, ...] = DEFAULT_BETAS,
    normalize: Normalize = "relu",
) -> Tensor:
    """Multi-scale structural similarity (MS-SSIM) of ``(N, C, H, W)`` images or ``(N, C, D, H, W)`` volumes.

    The images are halved ``len(betas) - 1`` times; the contrast sensitivity of every scale but
    the coarsest and the SSIM of the coarsest are raised to ``betas`` and multiplied.

    Args:
        preds: estimated images.
        target: ground-truth images of the same shape.
        gaussian_kernel: Gaussian (True) or uniform window, as for SSIM.
        sigma: standard deviation of the Gaussian.
        kernel_size: size of the uniform window.
        reduction: ``"elementwise_mean"``, ``"sum"`` or ``"none"``/``None`` over the images.
        data_range: width of the range of the values, a ``(min, max)`` tuple, or None to infer it.
        k1: stabiliser of the luminance term.
        k2: stabiliser of the contrast term.
        betas: weight of each scale, finest first.
        normalize: ``"relu"`` clips negative factors, ``"simple"`` maps them to ``(x + 1) / 2``, None keeps them.

    Example:
        >>> import torch
        >>> preds = torch.linspace(0, 1, 3 * 64 * 64).reshape(1, 3, 64, 64)
        >>> multiscale_structural_similarity_index_measure(preds, preds.flip(-1), data_range=1.0, betas=(0.5, 0.5))
        tensor(0.9997)
    """
    _ssim_arg_validation(sigma, kernel_size, reduction, data_range, k1, k2)
    _multiscale_ssim_arg_validation(betas, normalize)
    _multiscale_ssim_tensor_validation(preds, target, gaussian_kernel, sigma, kernel_size, betas)
    preds, target = _ssim_cast(preds, target)
    similarity = _multiscale_ssim_update(
        preds, target, gaussian_kernel, sigma, kernel_size, data_range, k1, k2, betas, normalize
    )
    return _reduce(similarity, reduction)
