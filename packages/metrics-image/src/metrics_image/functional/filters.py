"""Separable filtering of image batches: Gaussian and uniform kernels, padding, valid correlation.

A 2D (or 3D) Gaussian or box filter is the product of 1D ones, so each spatial dimension is
filtered on its own: ``k`` multiply-adds per value and dimension instead of ``k ** 2`` (``k ** 3``).
On CUDA each pass is a convolution; on the CPU, where single-channel convolutions are slow, it is
``k`` in-place multiply-adds of shifted views.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor


@functools.lru_cache(maxsize=64)
def gaussian_kernel_1d(size: int, sigma: float, dtype: torch.dtype, device: torch.device | None = None) -> Tensor:
    """Normalised Gaussian weights at the ``size`` offsets centred on zero (computed in ``dtype``)."""
    offsets = torch.arange((1 - size) / 2, (1 + size) / 2, 1, dtype=dtype)
    weights = torch.exp(-torch.pow(offsets / sigma, 2) / 2)
    return (weights / weights.sum()).to(device)


@functools.lru_cache(maxsize=64)
def uniform_kernel_1d(size: int, dtype: torch.dtype, device: torch.device | None = None) -> Tensor:
    """Box filter weights ``1 / size``."""
    return torch.full((size,), 1 / size, dtype=dtype, device=device)


def correlate_1d(x: Tensor, kernel: Tensor, axis: int, spatial: int = 2) -> Tensor:
    """Valid correlation of ``x`` with the 1D ``kernel`` along ``axis``, one of the last ``spatial`` dimensions."""
    if x.is_cuda:
        return _conv_correlate_1d(x, kernel, axis, spatial)
    return _shifted_correlate_1d(x, kernel, axis)


def _conv_correlate_1d(x: Tensor, kernel: Tensor, axis: int, spatial: int) -> Tensor:
    """``correlate_1d`` as a single-channel convolution over the flattened leading dimensions."""
    batch = x.reshape(-1, 1, *x.shape[-spatial:])
    weight_shape = [1] * spatial
    weight_shape[axis] = kernel.numel()
    weight = kernel.to(device=x.device, dtype=x.dtype).reshape(1, 1, *weight_shape)
    out = F.conv2d(batch, weight) if spatial == 2 else F.conv3d(batch, weight)
    return out.reshape(*x.shape[:-spatial], *out.shape[2:])


def _shifted_correlate_1d(x: Tensor, kernel: Tensor, axis: int) -> Tensor:
    """``correlate_1d`` as a sum of shifted views, each scaled by its weight (``kernel`` on the CPU)."""
    size = x.shape[axis] - kernel.numel() + 1
    weights = kernel.tolist()
    out = x.narrow(axis, 0, size) * weights[0]
    for offset, weight in enumerate(weights[1:], start=1):
        out.add_(x.narrow(axis, offset, size), alpha=weight)
    return out


def filter_separable(x: Tensor, kernels: Sequence[Tensor]) -> Tensor:
    """Valid correlation of the last ``len(kernels)`` dimensions of ``x``, one 1D kernel each (last dim first)."""
    spatial = len(kernels)
    for axis in range(-1, -spatial - 1, -1):
        x = correlate_1d(x, kernels[axis], axis, spatial)
    return x


def correlate_2d(x: Tensor, kernel: Tensor) -> Tensor:
    """Valid correlation of the last two dimensions of ``x`` with any 2D ``kernel`` (separable or not)."""
    kernel = kernel.to(device=x.device, dtype=x.dtype)
    if x.is_cuda:
        return _conv_correlate_2d(x, kernel)
    return _shifted_correlate_2d(x, kernel)


def _conv_correlate_2d(x: Tensor, kernel: Tensor) -> Tensor:
    out = F.conv2d(x.reshape(-1, 1, *x.shape[-2:]), kernel[None, None])
    return out.reshape(*x.shape[:-2], *out.shape[-2:])


def _shifted_correlate_2d(x: Tensor, kernel: Tensor) -> Tensor:
    rows, cols = kernel.shape
    height, width = x.shape[-2] - rows + 1, x.shape[-1] - cols + 1
    weights = kernel.tolist()
    out = torch.zeros(*x.shape[:-2], height, width, dtype=x.dtype, device=x.device)
    for row in range(rows):
        for col in range(cols):
            out.add_(x[..., row : row + height, col : col + width], alpha=weights[row][col])
    return out


def reflect_pad(x: Tensor, pads: Sequence[int]) -> Tensor:
    """Pad the last ``len(pads)`` dimensions by mirroring without the edge (``d c b | a b c d``)."""
    if not any(pads):
        return x
    flat: list[int] = []
    for pad in reversed(pads):
        flat += [pad, pad]
    return F.pad(x, flat, mode="reflect")


def symmetric_pad(x: Tensor, before: int, after: int, dims: Sequence[int]) -> Tensor:
    """Pad ``dims`` by mirroring with the edge (``c b a | a b c``): ``before`` values in front, ``after`` behind."""
    for dim in dims:
        parts = [x.narrow(dim, 0, before).flip(dim), x] if before else [x]
        if after:
            parts.append(x.narrow(dim, x.shape[dim] - after, after).flip(dim))
        x = torch.cat(parts, dim) if len(parts) > 1 else x
    return x


def uniform_filter_2d(x: Tensor, window_size: int) -> Tensor:
    """Mean over each ``window_size`` square of an ``(N, C, H, W)`` batch, symmetric padding, same size out."""
    padded = symmetric_pad(x, window_size // 2, window_size // 2 + window_size % 2 - 1, dims=(2, 3))
    kernel = uniform_kernel_1d(window_size, x.dtype, x.device)
    return filter_separable(padded, [kernel, kernel])
