"""D_lambda, D_s and QNR against NumPy references built on the UQI reference."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from image_harness import assert_rejected
from image_references import box_mean, reduce_scores, uqi_map
from metric_harness import assert_close, check_metric
from metrics_image import QualityWithNoReference, SpatialDistortionIndex, SpectralDistortionIndex
from metrics_image.functional import (
    quality_with_no_reference,
    spatial_distortion_index,
    spectral_distortion_index,
)


def _d_lambda_reference(preds, ms, p=1, reduction="elementwise_mean"):
    channels = preds.shape[1]
    if channels == 1:
        return reduce_scores(np.zeros((1, 1)), reduction)
    diffs = [
        abs(uqi_map(ms[:, [k]], ms[:, [r]]).mean() - uqi_map(preds[:, [k]], preds[:, [r]]).mean()) ** p
        for k, r in itertools.permutations(range(channels), 2)
    ]
    return reduce_scores((np.sum(diffs) / (channels * (channels - 1))) ** (1 / p), reduction)


def _degrade(pan, window_size):
    """Box filter (mirror padding with the edge) then a bilinear halving: the mean of each 2x2 block."""
    smooth = box_mean(pan, window_size)
    batch, channels, height, width = smooth.shape
    return smooth.reshape(batch, channels, height // 2, 2, width // 2, 2).mean((3, 5))


def _d_s_reference(preds, ms, pan, pan_lr=None, norm_order=1, window_size=7, reduction="elementwise_mean"):
    degraded = _degrade(pan, window_size) if pan_lr is None else pan_lr
    m1 = uqi_map(ms, degraded).mean((0, 2, 3))
    m2 = uqi_map(preds, pan).mean((0, 2, 3))
    return reduce_scores(np.abs(m1 - m2) ** norm_order, reduction) ** (1 / norm_order)


def _pansharpening_batches(num_batches=3, channels=3, dtype=torch.float64):
    batches = []
    for _ in range(num_batches):
        pan = torch.rand(2, channels, 24, 26, dtype=dtype)
        ms = torch.rand(2, channels, 12, 13, dtype=dtype)
        preds = 0.5 * pan + 0.5 * ms.repeat_interleave(2, 2).repeat_interleave(2, 3)
        pan_lr = torch.rand(2, channels, 12, 13, dtype=dtype)
        batches.append((preds, ms, pan, pan_lr))
    return batches


@pytest.mark.parametrize(("channels", "p", "reduction"), [(3, 1, "elementwise_mean"), (4, 2, "sum"), (1, 1, "none")])
def test_spectral_distortion_index(channels, p, reduction, device):
    batches = [(preds, ms) for preds, ms, _, _ in _pansharpening_batches(channels=channels)]
    check_metric(
        lambda: SpectralDistortionIndex(p, reduction),
        batches,
        lambda preds, ms: _d_lambda_reference(preds, ms, p, reduction),
        lambda preds, ms: spectral_distortion_index(preds, ms, p, reduction),
        device=device,
        atol=1e-6,
    )


class _TargetDict:
    """Adapts the positional batches of ``check_metric`` to the dict target of D_s and QNR."""

    def __init__(self, metric, with_pan_lr):
        self.metric, self.with_pan_lr = metric, with_pan_lr

    def to(self, device):
        self.metric = self.metric.to(device)
        return self

    def _target(self, ms, pan, pan_lr):
        return {"ms": ms, "pan": pan, **({"pan_lr": pan_lr} if self.with_pan_lr else {})}

    def update(self, preds, ms, pan, pan_lr):
        self.metric.update(preds, self._target(ms, pan, pan_lr))

    def __call__(self, preds, ms, pan, pan_lr):
        return self.metric(preds, self._target(ms, pan, pan_lr))

    def compute(self):
        return self.metric.compute()


@pytest.mark.parametrize(
    ("with_pan_lr", "norm_order", "window_size", "reduction"),
    [(True, 1, 7, "elementwise_mean"), (False, 2, 5, "sum"), (False, 1, 4, "none")],
)
def test_spatial_distortion_index(with_pan_lr, norm_order, window_size, reduction, device):
    kwargs = {"norm_order": norm_order, "window_size": window_size, "reduction": reduction}

    def reference(preds, ms, pan, pan_lr):
        return _d_s_reference(preds, ms, pan, pan_lr if with_pan_lr else None, **kwargs)

    def functional(preds, ms, pan, pan_lr):
        return spatial_distortion_index(preds, ms, pan, pan_lr if with_pan_lr else None, **kwargs)

    check_metric(
        lambda: _TargetDict(SpatialDistortionIndex(**kwargs), with_pan_lr),
        _pansharpening_batches(),
        reference,
        functional,
        device=device,
    )


@pytest.mark.parametrize(("alpha", "beta", "with_pan_lr"), [(1, 1, True), (0.5, 2.0, False)])
def test_quality_with_no_reference(alpha, beta, with_pan_lr, device):
    def reference(preds, ms, pan, pan_lr):
        d_lambda = _d_lambda_reference(preds, ms)
        d_s = _d_s_reference(preds, ms, pan, pan_lr if with_pan_lr else None)
        return (1 - d_lambda) ** alpha * (1 - d_s) ** beta

    def functional(preds, ms, pan, pan_lr):
        return quality_with_no_reference(preds, ms, pan, pan_lr if with_pan_lr else None, alpha, beta)

    check_metric(
        lambda: _TargetDict(QualityWithNoReference(alpha, beta), with_pan_lr),
        _pansharpening_batches(),
        reference,
        functional,
        device=device,
    )


def test_distortion_indices_return_the_default_float_dtype():
    preds, ms, pan, _ = _pansharpening_batches(1)[0]
    assert spectral_distortion_index(preds, ms).dtype == torch.float32
    assert spatial_distortion_index(preds, ms, pan).dtype == torch.float32
    assert_close(spectral_distortion_index(preds, ms), _d_lambda_reference(preds.numpy(), ms.numpy()), atol=1e-6)


def test_pansharpening_metrics_reject_bad_input_and_keep_state():
    preds, ms, pan, _ = _pansharpening_batches(1)[0]
    d_lambda = SpectralDistortionIndex()
    d_lambda.update(preds, ms)
    assert_rejected(d_lambda, ValueError, "batch and channel", preds, ms[:, :2])
    assert_rejected(d_lambda, TypeError, "dtype", preds, ms.float())
    assert_rejected(d_lambda, ValueError, "dtype", preds, ms.float())
    for metric in (SpatialDistortionIndex(), QualityWithNoReference()):
        metric.update(preds, {"ms": ms, "pan": pan})
        assert_rejected(metric, ValueError, "key 'pan'", preds, {"ms": ms})
        assert_rejected(metric, TypeError, "dict", preds, ms)
        assert_rejected(metric, ValueError, "same height", preds, {"ms": ms, "pan": pan[..., :-2, :]})
        assert_rejected(metric, ValueError, "multiples", preds[..., :-1], {"ms": ms, "pan": pan[..., :-1]})
        assert_rejected(metric, ValueError, "pan_lr", preds, {"ms": ms, "pan": pan, "pan_lr": ms[..., :-1]})
    with pytest.raises(ValueError, match="window_size"):
        spatial_distortion_index(preds, ms, pan, window_size=12)
    with pytest.raises(ValueError, match="p"):
        SpectralDistortionIndex(p=0)
    with pytest.raises(ValueError, match="alpha"):
        QualityWithNoReference(alpha=-1)


def test_pansharpening_classes_reject_reduction_none():
    """As in TorchMetrics, the classes take no ``reduction=None`` while the functions do (like ``"none"``)."""
    for metric_class in (SpectralDistortionIndex, SpatialDistortionIndex, QualityWithNoReference):
        with pytest.raises(ValueError, match="reduction"):
            metric_class(reduction=None)
    preds, ms, pan, _ = _pansharpening_batches(1)[0]
    assert_close(
        spatial_distortion_index(preds, ms, pan, reduction=None),
        _d_s_reference(preds.numpy(), ms.numpy(), pan.numpy(), reduction="none"),
        atol=1e-6,
    )
