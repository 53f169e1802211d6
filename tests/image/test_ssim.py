"""SSIM and MS-SSIM against scikit-image and a SciPy filtering reference."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_harness import assert_rejected, image_batches
from metric_harness import assert_close, check_metric
from metrics_image import MultiScaleStructuralSimilarityIndexMeasure, StructuralSimilarityIndexMeasure
from metrics_image.functional import (
    multiscale_structural_similarity_index_measure,
    structural_similarity_index_measure,
)
from scipy import ndimage
from skimage.metrics import structural_similarity


def _window(gaussian, sigma, kernel_size):
    """Reflection padding of the window: 3.5 sigma for a Gaussian, half the kernel for a uniform one."""
    return int(3.5 * sigma + 0.5) if gaussian else (kernel_size - 1) // 2


def _skimage_ssim(preds, target, data_range, gaussian=True, sigma=1.5, kernel_size=11, k1=0.01, k2=0.03):
    """SSIM per image with scikit-image: reflect-pad (mirror without the edge), take the full map, crop the pad."""
    pad = _window(gaussian, sigma, kernel_size)
    scores = []
    for pred, targ in zip(preds, target):
        widths = [(0, 0)] + [(pad, pad)] * (pred.ndim - 1)
        _, full = structural_similarity(
            np.pad(targ, widths, mode="reflect"),
            np.pad(pred, widths, mode="reflect"),
            data_range=data_range,
            channel_axis=0,
            gaussian_weights=gaussian,
            sigma=sigma,
            win_size=None if gaussian else kernel_size,
            use_sample_covariance=False,
            K1=k1,
            K2=k2,
            full=True,
        )
        inner = (slice(None),) + (slice(pad, -pad),) * (pred.ndim - 1)
        scores.append(full[inner].mean())
    return np.array(scores)


def _reduce(scores, reduction):
    if reduction == "elementwise_mean":
        return scores.mean()
    if reduction == "sum":
        return scores.sum()
    return scores


def _ssim_maps(preds, target, data_range, gaussian=True, sigma=1.5, kernel_size=11, k1=0.01, k2=0.03):
    """SSIM and contrast-sensitivity maps with SciPy filters in 'mirror' mode over the spatial dimensions."""
    spatial = preds.ndim - 2

    def local_mean(x):
        if gaussian:
            return ndimage.gaussian_filter(x, [0, 0] + [sigma] * spatial, mode="mirror", truncate=3.5)
        return ndimage.uniform_filter(x, [1, 1] + [kernel_size] * spatial, mode="mirror")

    mu_p, mu_t = local_mean(preds), local_mean(target)
    var_p = np.maximum(local_mean(preds * preds) - mu_p**2, 0)
    var_t = np.maximum(local_mean(target * target) - mu_t**2, 0)
    cov = local_mean(preds * target) - mu_p * mu_t
    c1, c2 = (k1 * data_range) ** 2, (k2 * data_range) ** 2
    cs = (2 * cov + c2) / (var_p + var_t + c2)
    ssim = (2 * mu_p * mu_t + c1) / (mu_p**2 + mu_t**2 + c1) * cs
    return ssim, cs


def _per_image(x):
    return x.reshape(x.shape[0], -1).mean(-1)


@pytest.mark.parametrize(
    ("gaussian", "sigma", "kernel_size", "reduction", "data_range", "k1"),
    [
        (True, 1.5, 11, "elementwise_mean", 1.0, 0.01),
        (True, 1.0, 11, "none", 1.0, 0.01),
        (False, 1.5, 7, "sum", 1.0, 0.05),
        (True, 1.5, 11, "elementwise_mean", (0.1, 0.9), 0.01),
        (False, 1.5, 5, None, 2.0, 0.01),
    ],
)
def test_ssim_against_skimage(gaussian, sigma, kernel_size, reduction, data_range, k1, device):
    batches = image_batches((2, 3, 20, 24))

    def reference(preds, target):
        width = data_range
        if isinstance(data_range, tuple):
            preds, target = np.clip(preds, *data_range), np.clip(target, *data_range)
            width = data_range[1] - data_range[0]
        scores = _skimage_ssim(preds, target, width, gaussian, sigma, kernel_size, k1)
        return _reduce(scores, reduction)

    kwargs = {
        "gaussian_kernel": gaussian,
        "sigma": sigma,
        "kernel_size": kernel_size,
        "reduction": reduction,
        "data_range": data_range,
        "k1": k1,
    }
    check_metric(
        lambda: StructuralSimilarityIndexMeasure(**kwargs),
        batches,
        reference,
        lambda preds, target: structural_similarity_index_measure(preds, target, **kwargs),
        device=device,
    )


def test_ssim_volumes_against_skimage(device):
    batches = image_batches((2, 2, 12, 13, 14), num_batches=2)
    check_metric(
        lambda: StructuralSimilarityIndexMeasure(data_range=1.0),
        batches,
        lambda preds, target: _skimage_ssim(preds, target, 1.0).mean(),
        lambda preds, target: structural_similarity_index_measure(preds, target, data_range=1.0),
        device=device,
    )


@pytest.mark.parametrize("spatial", [(16, 18), (10, 11, 12)])
@pytest.mark.parametrize("gaussian", [True, False])
def test_ssim_full_image_and_contrast_sensitivity(spatial, gaussian, device):
    batches = image_batches((2, 2, *spatial), num_batches=2)
    kernel_size = 9 if gaussian else 5  # a 9-wide Gaussian for sigma 1: volumes are padded by kernel_size in depth
    kwargs = {"gaussian_kernel": gaussian, "sigma": 1.0, "kernel_size": kernel_size, "data_range": 1.0}
    pad = _window(gaussian, 1.0, kernel_size)
    inner = (slice(None), slice(None)) + (slice(pad, -pad),) * len(spatial)

    def full_reference(preds, target):
        ssim, _ = _ssim_maps(preds, target, 1.0, gaussian, 1.0, kernel_size)
        return _per_image(ssim), ssim

    def cs_reference(preds, target):
        ssim, cs = _ssim_maps(preds, target, 1.0, gaussian, 1.0, kernel_size)
        return _per_image(ssim), _per_image(cs[inner])

    for extra, reference in (("return_full_image", full_reference), ("return_contrast_sensitivity", cs_reference)):
        check_metric(
            lambda extra=extra: StructuralSimilarityIndexMeasure(**kwargs, reduction="none", **{extra: True}),
            batches,
            reference,
            lambda preds, target, extra=extra: structural_similarity_index_measure(
                preds, target, **kwargs, reduction="none", **{extra: True}
            ),
            device=device,
        )


def test_ssim_volume_depth_padding_follows_kernel_size():
    """As in TorchMetrics, a volume's last dimension is padded by ``kernel_size``, not by the Gaussian's width."""
    preds, target = image_batches((1, 1, 12, 12, 12), num_batches=1)[0]
    _, full = structural_similarity_index_measure(preds, target, kernel_size=5, data_range=1.0, return_full_image=True)
    assert full.shape == (1, 1, 12, 12, 6)


def test_ssim_infers_data_range_per_batch(device):
    (preds, target), (preds2, target2) = image_batches((2, 1, 16, 16), num_batches=2)
    preds2, target2 = 3 * preds2 - 1, 3 * target2 - 1

    def expected(p, t):
        width = max(np.ptp(p), np.ptp(t))
        return _skimage_ssim(p, t, width)

    first, second = expected(preds.numpy(), target.numpy()), expected(preds2.numpy(), target2.numpy())
    assert_close(structural_similarity_index_measure(preds.to(device), target.to(device)), first.mean())
    metric = StructuralSimilarityIndexMeasure().to(device)
    metric.update(preds.to(device), target.to(device))
    metric.update(preds2.to(device), target2.to(device))
    assert_close(metric.compute(), np.concatenate([first, second]).mean())


def test_ssim_half_precision(device):
    preds, target = image_batches((2, 3, 32, 32), num_batches=1)[0]
    expected = _skimage_ssim(preds.numpy(), target.numpy(), 1.0).mean()
    value = structural_similarity_index_measure(preds.half().to(device), target.half().to(device), data_range=1.0)
    assert value.dtype == torch.float16
    assert_close(value, expected, atol=5e-3, rtol=0)


def test_ssim_float32_state_and_target_cast():
    preds, target = image_batches((2, 1, 16, 16), num_batches=1)[0]
    value = structural_similarity_index_measure(preds, target.float(), data_range=1.0)
    assert value.dtype == torch.float64
    metric = StructuralSimilarityIndexMeasure(data_range=1.0)
    metric.update(preds, target)
    assert metric.compute().dtype == torch.float32


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"kernel_size": 4}, "odd positive"),
        ({"kernel_size": (3, 3, 3, 3)}, "kernel_size"),
        ({"sigma": 0.0}, "positive"),
        ({"reduction": "mean"}, "reduction"),
        ({"data_range": (1.0, 1.0)}, "data_range"),
        ({"return_full_image": True, "return_contrast_sensitivity": True}, "mutually exclusive"),
    ],
)
def test_ssim_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        StructuralSimilarityIndexMeasure(**kwargs)


def test_ssim_rejects_bad_input_and_keeps_state():
    metric = StructuralSimilarityIndexMeasure(data_range=1.0, reduction="none", return_full_image=True)
    metric.update(*image_batches((2, 1, 16, 16), num_batches=1)[0])
    assert_rejected(metric, ValueError, "same shape", torch.rand(2, 1, 16, 16), torch.rand(2, 1, 16, 17))
    assert_rejected(metric, ValueError, r"\(N, C, H, W\)", torch.rand(16, 16), torch.rand(16, 16))
    assert_rejected(metric, ValueError, "too small", torch.rand(2, 1, 5, 16), torch.rand(2, 1, 5, 16))
    sized = StructuralSimilarityIndexMeasure(kernel_size=(5, 5), gaussian_kernel=False)
    assert_rejected(sized, ValueError, "spatial dimensions", torch.rand(1, 1, 8, 8, 8), torch.rand(1, 1, 8, 8, 8))


def _pool(x):
    """Average over 2x2 (2x2x2) blocks, dropping an odd last row or column."""
    spatial = x.ndim - 2
    x = x[(slice(None), slice(None), *(slice(0, s - s % 2) for s in x.shape[2:]))]
    shape = list(x.shape[:2])
    for size in x.shape[2:]:
        shape += [size // 2, 2]
    return x.reshape(shape).mean(axis=tuple(3 + 2 * i for i in range(spatial)))


def _msssim_reference(
    preds, target, data_range, betas, normalize="relu", gaussian=True, kernel_size=11, clamp=(-np.inf, np.inf)
):
    """MS-SSIM per image; each scale of the (unclamped) halved images is clipped into ``clamp``."""
    pad = _window(gaussian, 1.5, kernel_size)
    inner = (slice(None), slice(None)) + (slice(pad, -pad),) * (preds.ndim - 2)
    factors = []
    for scale in range(len(betas)):
        if scale:
            preds, target = _pool(preds), _pool(target)
        clipped_preds, clipped_target = np.clip(preds, *clamp), np.clip(target, *clamp)
        ssim, cs = _ssim_maps(clipped_preds, clipped_target, data_range, gaussian, 1.5, kernel_size)
        factor = _per_image(ssim) if scale == len(betas) - 1 else _per_image(cs[inner])
        factors.append(np.maximum(factor, 0) if normalize == "relu" else factor)
    factors = np.stack(factors)
    if normalize == "simple":
        factors = (factors + 1) / 2
    return np.prod(factors ** np.array(betas)[:, None], axis=0)


@pytest.mark.parametrize(
    ("betas", "normalize", "gaussian", "reduction"),
    [
        ((0.3, 0.3, 0.4), "relu", True, "elementwise_mean"),
        ((0.5, 0.5), "simple", False, "none"),
        ((0.2, 0.3, 0.5), None, True, "sum"),
    ],
)
def test_msssim(betas, normalize, gaussian, reduction, device):
    batches = image_batches((2, 2, 48, 50))
    kernel_size = 11 if gaussian else 7

    def reference(preds, target):
        scores = _msssim_reference(preds, target, 1.0, betas, normalize, gaussian, kernel_size)
        return _reduce(scores, reduction)

    kwargs = {
        "betas": betas,
        "normalize": normalize,
        "gaussian_kernel": gaussian,
        "kernel_size": kernel_size,
        "reduction": reduction,
        "data_range": 1.0,
    }
    check_metric(
        lambda: MultiScaleStructuralSimilarityIndexMeasure(**kwargs),
        batches,
        reference,
        lambda preds, target: multiscale_structural_similarity_index_measure(preds, target, **kwargs),
        device=device,
    )


def test_msssim_default_betas_and_volumes(device):
    preds, target = image_batches((1, 1, 176, 180), num_batches=1)[0]
    betas = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
    value = multiscale_structural_similarity_index_measure(preds.to(device), target.to(device), data_range=1.0)
    assert_close(value, _msssim_reference(preds.numpy(), target.numpy(), 1.0, betas).mean())
    preds, target = image_batches((2, 1, 24, 48, 48), num_batches=1)[0]
    value = multiscale_structural_similarity_index_measure(
        preds.to(device), target.to(device), data_range=1.0, betas=(0.5, 0.5), kernel_size=5, gaussian_kernel=False
    )
    expected = _msssim_reference(preds.numpy(), target.numpy(), 1.0, (0.5, 0.5), gaussian=False, kernel_size=5)
    assert_close(value, expected.mean())


def test_msssim_clamps_each_scale_of_the_unclamped_images(device):
    """A ``(min, max)`` data_range clamps every scale of the halved raw images (as TorchMetrics), not the input once."""
    batches = [(1.6 * preds - 0.3, 1.6 * target - 0.3) for preds, target in image_batches((2, 1, 64, 64))]
    kwargs = {"data_range": (0.0, 1.0), "betas": (0.3, 0.3, 0.4), "kernel_size": 7, "gaussian_kernel": False}

    def reference(preds, target):
        return _msssim_reference(
            preds, target, 1.0, kwargs["betas"], gaussian=False, kernel_size=7, clamp=(0, 1)
        ).mean()

    check_metric(
        lambda: MultiScaleStructuralSimilarityIndexMeasure(**kwargs),
        batches,
        reference,
        lambda preds, target: multiscale_structural_similarity_index_measure(preds, target, **kwargs),
        device=device,
    )


def test_msssim_rejects_small_images_and_keeps_state():
    metric = MultiScaleStructuralSimilarityIndexMeasure(data_range=1.0, betas=(0.5, 0.5))
    metric.update(*image_batches((1, 1, 32, 32), num_batches=1)[0])
    assert_rejected(metric, ValueError, "larger than 10", torch.rand(1, 1, 10, 32), torch.rand(1, 1, 10, 32))
    deep = MultiScaleStructuralSimilarityIndexMeasure(data_range=1.0, betas=(0.5, 0.5))
    assert_rejected(deep, ValueError, "too small", torch.rand(1, 1, 6, 32, 32), torch.rand(1, 1, 6, 32, 32))
    with pytest.raises(ValueError, match="at least 32"):
        multiscale_structural_similarity_index_measure(torch.rand(1, 1, 16, 16), torch.rand(1, 1, 16, 16))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"betas": [0.5, 0.5]}, "betas"), ({"betas": (1, 2)}, "betas"), ({"normalize": "max"}, "normalize")],
)
def test_msssim_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MultiScaleStructuralSimilarityIndexMeasure(**kwargs)
