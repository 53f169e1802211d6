"""The feature network of FID, KID, IS and MiFID: a user module, or the FID InceptionV3 from a local weights file.

The default network is the TensorFlow InceptionV3 of the original FID code (2015-12-05 graph),
laid out so that the PyTorch weights file distributed by torch-fidelity
(``weights-inception-2015-12-05-6726825d.pth``) loads as it is. Nothing is downloaded: without
``feature_extractor_weights_path`` an integer ``feature`` raises an error saying what to pass.
"""

from __future__ import annotations

import os

import torch
import torch.nn.functional as F
from torch import Tensor, nn

INPUT_IMAGE_SIZE = 299
WEIGHTS_FILE = "weights-inception-2015-12-05-6726825d.pth"
FEATURE_LAYERS = ("64", "192", "768", "2048", "logits_unbiased", "logits")


class FeatureExtractorUnavailableError(ModuleNotFoundError, ValueError):
    """The default InceptionV3 was asked for without a local weights file (catchable as either base)."""


def resolve_feature_extractor(
    feature: int | str | nn.Module,
    valid: tuple[int | str, ...],
    metric: str,
    weights_path: str | os.PathLike | None = None,
    antialias: bool = True,
) -> tuple[nn.Module, bool]:
    """The feature network for ``feature`` and whether it is the user's own module."""
    if isinstance(feature, nn.Module):
        return feature, True
    if not isinstance(feature, (int, str)) or isinstance(feature, bool):
        raise TypeError(
            f"Argument `feature` of {metric} must be an int/str choosing an InceptionV3 layer or a torch.nn.Module,"
            f" got {type(feature).__name__}"
        )
    if feature not in valid:
        raise ValueError(f"Integer input to argument `feature` must be one of {valid}, but got {feature}.")
    if weights_path is None:
        raise FeatureExtractorUnavailableError(
            f"{metric}(feature={feature!r}) needs the weights of the FID InceptionV3, which are not downloaded."
            " Pass `feature=` your own torch.nn.Module mapping a batch of images to (N, num_features) features,"
            f" or `feature_extractor_weights_path=` a local copy of torch-fidelity's {WEIGHTS_FILE}."
        )
    return InceptionV3Features(str(feature), weights_path, antialias), False


class _ConvBN(nn.Module):
    """Convolution without bias, batch norm (eps 0.001) and ReLU."""

    def __init__(self, in_channels: int, out_channels: int, kernel: int | tuple[int, int], **kwargs: int) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel, bias=False, **kwargs)
        self.bn = nn.BatchNorm2d(out_channels, eps=0.001)

    def forward(self, x: Tensor) -> Tensor:
        return F.relu(self.bn(self.conv(x)))


def _avg_pool(x: Tensor) -> Tensor:
    """3x3 average pool that, like TensorFlow, ignores the zero padding."""
    return F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)


class _Mixed35(nn.Module):
    """35x35 block (Mixed_5b to 5d): 1x1, 5x5, double 3x3 and pooled branches."""

    def __init__(self, in_channels: int, pool_features: int) -> None:
        super().__init__()
        self.branch1x1 = _ConvBN(in_channels, 64, 1)
        self.branch5x5_1 = _ConvBN(in_channels, 48, 1)
        self.branch5x5_2 = _ConvBN(48, 64, 5, padding=2)
        self.branch3x3dbl_1 = _ConvBN(in_channels, 64, 1)
        self.branch3x3dbl_2 = _ConvBN(64, 96, 3, padding=1)
        self.branch3x3dbl_3 = _ConvBN(96, 96, 3, padding=1)
        self.branch_pool = _ConvBN(in_channels, pool_features, 1)

    def forward(self, x: Tensor) -> Tensor:
        return torch.cat(
            [
                self.branch1x1(x),
                self.branch5x5_2(self.branch5x5_1(x)),
                self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x))),
                self.branch_pool(_avg_pool(x)),
            ],
            1,
        )


class _Reduce35(nn.Module):
    """Grid reduction 35 -> 17 (Mixed_6a)."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.branch3x3 = _ConvBN(in_channels, 384, 3, stride=2)
        self.branch3x3dbl_1 = _ConvBN(in_channels, 64, 1)
        self.branch3x3dbl_2 = _ConvBN(64, 96, 3, padding=1)
        self.branch3x3dbl_3 = _ConvBN(96, 96, 3, stride=2)

    def forward(self, x: Tensor) -> Tensor:
        double = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        return torch.cat([self.branch3x3(x), double, F.max_pool2d(x, kernel_size=3, stride=2)], 1)


class _Mixed17(nn.Module):
    """17x17 block (Mixed_6b to 6e) with factorised 7x7 convolutions."""

    def __init__(self, in_channels: int, channels_7x7: int) -> None:
        super().__init__()
        c7 = channels_7x7
        self.branch1x1 = _ConvBN(in_channels, 192, 1)
        self.branch7x7_1 = _ConvBN(in_channels, c7, 1)
        self.branch7x7_2 = _ConvBN(c7, c7, (1, 7), padding=(0, 3))
        self.branch7x7_3 = _ConvBN(c7, 192, (7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = _ConvBN(in_channels, c7, 1)
        self.branch7x7dbl_2 = _ConvBN(c7, c7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = _ConvBN(c7, c7, (1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = _ConvBN(c7, c7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = _ConvBN(c7, 192, (1, 7), padding=(0, 3))
        self.branch_pool = _ConvBN(in_channels, 192, 1)

    def forward(self, x: Tensor) -> Tensor:
        single = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        double = self.branch7x7dbl_1(x)
        for layer in (self.branch7x7dbl_2, self.branch7x7dbl_3, self.branch7x7dbl_4, self.branch7x7dbl_5):
            double = layer(double)
        return torch.cat([self.branch1x1(x), single, double, self.branch_pool(_avg_pool(x))], 1)


class _Reduce17(nn.Module):
    """Grid reduction 17 -> 8 (Mixed_7a)."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.branch3x3_1 = _ConvBN(in_channels, 192, 1)
        self.branch3x3_2 = _ConvBN(192, 320, 3, stride=2)
        self.branch7x7x3_1 = _ConvBN(in_channels, 192, 1)
        self.branch7x7x3_2 = _ConvBN(192, 192, (1, 7), padding=(0, 3))
        self.branch7x7x3_3 = _ConvBN(192, 192, (7, 1), padding=(3, 0))
        self.branch7x7x3_4 = _ConvBN(192, 192, 3, stride=2)

    def forward(self, x: Tensor) -> Tensor:
        deep = self.branch7x7x3_1(x)
        for layer in (self.branch7x7x3_2, self.branch7x7x3_3, self.branch7x7x3_4):
            deep = layer(deep)
        branch3x3 = self.branch3x3_2(self.branch3x3_1(x))
        return torch.cat([branch3x3, deep, F.max_pool2d(x, kernel_size=3, stride=2)], 1)


class _Mixed8(nn.Module):
    """8x8 block (Mixed_7b, 7c) with split 1x3/3x1 branches; the last one max-pools, as the TensorFlow graph does."""

    def __init__(self, in_channels: int, max_pool: bool) -> None:
        super().__init__()
        self.max_pool = max_pool
        self.branch1x1 = _ConvBN(in_channels, 320, 1)
        self.branch3x3_1 = _ConvBN(in_channels, 384, 1)
        self.branch3x3_2a = _ConvBN(384, 384, (1, 3), padding=(0, 1))
        self.branch3x3_2b = _ConvBN(384, 384, (3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = _ConvBN(in_channels, 448, 1)
        self.branch3x3dbl_2 = _ConvBN(448, 384, 3, padding=1)
        self.branch3x3dbl_3a = _ConvBN(384, 384, (1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = _ConvBN(384, 384, (3, 1), padding=(1, 0))
        self.branch_pool = _ConvBN(in_channels, 192, 1)

    def forward(self, x: Tensor) -> Tensor:
        single = self.branch3x3_1(x)
        double = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        pooled = F.max_pool2d(x, kernel_size=3, stride=1, padding=1) if self.max_pool else _avg_pool(x)
        return torch.cat(
            [
                self.branch1x1(x),
                self.branch3x3_2a(single),
                self.branch3x3_2b(single),
                self.branch3x3dbl_3a(double),
                self.branch3x3dbl_3b(double),
                self.branch_pool(pooled),
            ],
            1,
        )


def resize_like_tensorflow1(x: Tensor, size: int) -> Tensor:
    """Bilinear resize of ``(N, C, H, W)`` to ``size x size`` as TensorFlow 1.x does (``align_corners=False``)."""

    def coordinates(in_size: int) -> tuple[Tensor, Tensor, Tensor]:
        position = torch.arange(size, dtype=x.dtype, device=x.device) * torch.tensor(in_size / size)
        low = position.long()
        return low, (low + 1).clamp(max=in_size - 1), position - low.to(x.dtype)

    y_low, y_high, dy = coordinates(x.shape[2])
    x_low, x_high, dx = coordinates(x.shape[3])
    top, bottom = x[:, :, y_low], x[:, :, y_high]
    top = top[..., x_low] + (top[..., x_high] - top[..., x_low]) * dx
    bottom = bottom[..., x_low] + (bottom[..., x_high] - bottom[..., x_low]) * dx
    return top + (bottom - top) * dy.view(-1, 1)


class InceptionV3Features(nn.Module):
    """The FID InceptionV3 returning one layer's features of uint8 ``(N, 3, H, W)`` images; never in training mode.

    Args:
        layer: ``"64"``, ``"192"``, ``"768"``, ``"2048"`` (pooled features), ``"logits_unbiased"`` or ``"logits"``.
        weights_path: local copy of torch-fidelity's ``weights-inception-2015-12-05-6726825d.pth``
            (None leaves the weights random: only good for tests and for writing a weights file).
        antialias: resize to 299x299 with antialiased bilinear interpolation; else as TensorFlow 1.x.
    """

    def __init__(self, layer: str, weights_path: str | os.PathLike | None, antialias: bool = True) -> None:
        super().__init__()
        if layer not in FEATURE_LAYERS:
            raise ValueError(f"Argument `layer` must be one of {FEATURE_LAYERS}, got {layer!r}")
        self.layer = layer
        self.antialias = antialias
        self.Conv2d_1a_3x3 = _ConvBN(3, 32, 3, stride=2)
        self.Conv2d_2a_3x3 = _ConvBN(32, 32, 3)
        self.Conv2d_2b_3x3 = _ConvBN(32, 64, 3, padding=1)
        self.Conv2d_3b_1x1 = _ConvBN(64, 80, 1)
        self.Conv2d_4a_3x3 = _ConvBN(80, 192, 3)
        self.Mixed_5b = _Mixed35(192, pool_features=32)
        self.Mixed_5c = _Mixed35(256, pool_features=64)
        self.Mixed_5d = _Mixed35(288, pool_features=64)
        self.Mixed_6a = _Reduce35(288)
        self.Mixed_6b = _Mixed17(768, channels_7x7=128)
        self.Mixed_6c = _Mixed17(768, channels_7x7=160)
        self.Mixed_6d = _Mixed17(768, channels_7x7=160)
        self.Mixed_6e = _Mixed17(768, channels_7x7=192)
        self.Mixed_7a = _Reduce17(768)
        self.Mixed_7b = _Mixed8(1280, max_pool=False)
        self.Mixed_7c = _Mixed8(2048, max_pool=True)
        self.fc = nn.Linear(2048, 1008)
        if weights_path is not None:
            self.load_state_dict(torch.load(weights_path, map_location="cpu", weights_only=True))
        self.requires_grad_(False)
        self.eval()

    @property
    def num_features(self) -> int:
        """Width of the features returned."""
        return 1008 if self.layer.startswith("logits") else int(self.layer)

    def train(self, mode: bool = True) -> InceptionV3Features:
        """Stay in evaluation mode whatever ``mode`` says."""
        return super().train(False)

    def forward(self, images: Tensor) -> Tensor:
        """Features of the chosen layer, ``(N, num_features)`` float32."""
        if not isinstance(images, Tensor) or images.dtype != torch.uint8 or images.ndim != 4 or images.shape[1] != 3:
            raise ValueError(
                "The InceptionV3 feature extractor expects uint8 images of shape (N, 3, H, W) (with `normalize=True`,"
                f" floats in [0, 1]), got {getattr(images, 'dtype', type(images).__name__)}"
                f" {tuple(getattr(images, 'shape', ()))}"
            )
        x = images.to(self.fc.weight.dtype)
        if self.antialias:
            x = F.interpolate(x, size=(INPUT_IMAGE_SIZE,) * 2, mode="bilinear", align_corners=False, antialias=True)
        else:
            x = resize_like_tensorflow1(x, INPUT_IMAGE_SIZE)
        x = (x - 128) / 128
        x = self.Conv2d_2b_3x3(self.Conv2d_2a_3x3(self.Conv2d_1a_3x3(x)))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        if self.layer == "64":
            return _global_pool(x)
        x = F.max_pool2d(self.Conv2d_4a_3x3(self.Conv2d_3b_1x1(x)), kernel_size=3, stride=2)
        if self.layer == "192":
            return _global_pool(x)
        for block in (self.Mixed_5b, self.Mixed_5c, self.Mixed_5d, self.Mixed_6a):
            x = block(x)
        for block in (self.Mixed_6b, self.Mixed_6c, self.Mixed_6d, self.Mixed_6e):
            x = block(x)
        if self.layer == "768":
            return _global_pool(x)
        x = _global_pool(self.Mixed_7c(self.Mixed_7b(self.Mixed_7a(x))))
        if self.layer == "2048":
            return x
        logits = x.mm(self.fc.weight.T)
        return logits if self.layer == "logits_unbiased" else logits + self.fc.bias.unsqueeze(0)


def _global_pool(x: Tensor) -> Tensor:
    return F.adaptive_avg_pool2d(x, output_size=(1, 1)).flatten(1).to(torch.float32)
