"""Image gradients: differences between neighbouring pixels, the same size as the image."""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor

from metrics_image.functional.checks import InputShapeError, _check_tensors


def image_gradients(img: Tensor) -> tuple[Tensor, Tensor]:
    """Vertical and horizontal gradients ``(dy, dx)`` of ``(N, C, H, W)`` images; the last row (column) is zero.

    Args:
        img: the images.

    Example:
        >>> import torch
        >>> dy, dx = image_gradients(torch.arange(9.0).reshape(1, 1, 3, 3))
        >>> dy[0, 0]
        tensor([[3., 3., 3.],
                [3., 3., 3.],
                [0., 0., 0.]])
        >>> dx[0, 0]
        tensor([[1., 1., 0.],
                [1., 1., 0.],
                [1., 1., 0.]])
    """
    _check_tensors(img=img)
    if img.ndim != 4:
        raise InputShapeError(
            f"`img` must have shape (N, C, H, W), got a {img.ndim}D tensor of shape {tuple(img.shape)}"
        )
    return F.pad(img.diff(dim=2), (0, 0, 0, 1)), F.pad(img.diff(dim=3), (0, 1))
