"""KID and the inception score against NumPy, on the same random subsets (drawn with ``torch.randperm``)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_generative import TinyFeatures, features_of, image_sets
from metric_harness import assert_close
from metrics_image import InceptionScore, KernelInceptionDistance
from scipy.special import log_softmax, softmax


def _poly_mmd(x, y, degree=3, gamma=None, coef=1.0):
    gamma = 1.0 / x.shape[1] if gamma is None else gamma
    k_xx, k_yy, k_xy = ((a @ b.T * gamma + coef) ** degree for a, b in ((x, x), (y, y), (x, y)))
    m = len(x)
    within = (k_xx.sum() - np.trace(k_xx) + k_yy.sum() - np.trace(k_yy)) / (m * (m - 1))
    return within - 2 * k_xy.mean()


def _kid_reference(real, fake, subsets, subset_size, **kernel):
    scores = []
    for _ in range(subsets):
        real_idx = torch.randperm(len(real))[:subset_size].numpy()
        fake_idx = torch.randperm(len(fake))[:subset_size].numpy()
        scores.append(_poly_mmd(real[real_idx], fake[fake_idx], **kernel))
    return np.mean(scores), np.std(scores)


@pytest.mark.parametrize(
    ("subsets", "subset_size", "kernel"),
    [(4, 10, {}), (3, 16, {"degree": 2, "gamma": 0.5, "coef": 2.0})],
)
def test_kid(subsets, subset_size, kernel, device):
    net = TinyFeatures()
    real, fake = image_sets()
    with pytest.warns(UserWarning, match="save all extracted features"):
        metric = KernelInceptionDistance(feature=net, subsets=subsets, subset_size=subset_size, **kernel).to(device)
    for start in range(0, len(real), 8):
        metric.update(real[start : start + 8].to(device), real=True)
    metric.update(fake.to(device), real=False)
    torch.manual_seed(3)
    mean, std = metric.compute()
    torch.manual_seed(3)
    expected = _kid_reference(features_of(net, real), features_of(net, fake), subsets, subset_size, **kernel)
    assert_close((mean, std), expected, atol=1e-5, rtol=1e-4)


def test_kid_keeps_real_features_and_checks_subset_size():
    with pytest.warns(UserWarning, match="save all"):
        metric = KernelInceptionDistance(feature=TinyFeatures(), subset_size=30, reset_real_features=False)
    metric.update(torch.rand(10, 3, 4, 4), real=True)
    metric.update(torch.rand(40, 3, 4, 4), real=False)
    with pytest.raises(ValueError, match="subset_size"):
        metric.compute()
    metric.reset()
    assert len(metric.real_features) == 1
    assert metric.fake_features == []


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"subsets": 0}, "subsets"),
        ({"subset_size": -1}, "subset_size"),
        ({"degree": 1.5}, "degree"),
        ({"gamma": 0}, "gamma"),
        ({"coef": 1}, "coef"),
        ({"normalize": "yes"}, "normalize"),
    ],
)
def test_kid_rejects_bad_arguments(kwargs, match):
    with pytest.warns(UserWarning, match="save all"), pytest.raises(ValueError, match=match):
        KernelInceptionDistance(feature=TinyFeatures(), **kwargs)


def _inception_score_reference(logits, splits):
    logits = logits[torch.randperm(len(logits)).numpy()]
    scores = []
    for chunk in np.array_split(logits, splits):
        prob, log_prob = softmax(chunk, axis=1), log_softmax(chunk, axis=1)
        marginal = prob.mean(axis=0, keepdims=True)
        scores.append(np.exp((prob * (log_prob - np.log(marginal))).sum(axis=1).mean()))
    return np.mean(scores), np.std(scores, ddof=1)


@pytest.mark.parametrize(("splits", "normalize"), [(3, False), (5, True)])
def test_inception_score(splits, normalize, device):
    net = TinyFeatures(num_features=10)
    imgs = torch.randint(0, 256, (30, 3, 4, 4), dtype=torch.uint8)
    inputs = imgs / 255 if normalize else imgs
    with pytest.warns(UserWarning, match="save all extracted features"):
        metric = InceptionScore(feature=net, splits=splits, normalize=normalize).to(device)
    metric.update(inputs[:12].to(device))
    metric.update(inputs[12:].to(device))
    torch.manual_seed(5)
    value = metric.compute()
    torch.manual_seed(5)
    # with normalize=True the images are turned back into uint8 before the network, even a custom one
    assert_close(value, _inception_score_reference(features_of(net, imgs), splits), rtol=1e-4)


def test_inception_score_rejects_bad_arguments():
    with pytest.warns(UserWarning, match="save all"), pytest.raises(ValueError, match="splits"):
        InceptionScore(feature=TinyFeatures(), splits=0)
