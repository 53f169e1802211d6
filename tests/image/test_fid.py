"""FID and MiFID against SciPy's ``linalg.sqrtm`` and NumPy, with a small deterministic feature network."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from image_generative import TinyFeatures, features_of, fid_reference, image_sets
from image_harness import assert_rejected
from metric_harness import assert_close
from metrics_image import FrechetInceptionDistance, MemorizationInformedFrechetInceptionDistance
from metrics_image.feature_extractor import FeatureExtractorUnavailableError
from metrics_image.functional.fid import _trace_sqrt_product
from scipy import linalg


def _fill(metric, real, fake, device, batch=7):
    for start in range(0, len(real), batch):
        metric.update(real[start : start + batch].to(device), real=True)
    for start in range(0, len(fake), batch):
        metric.update(fake[start : start + batch].to(device), real=False)
    return metric


@pytest.mark.parametrize(("num_features", "num_real", "num_fake"), [(6, 24, 20), (32, 12, 40)])
def test_fid(num_features, num_real, num_fake, device):
    net = TinyFeatures(num_features)
    real, fake = image_sets(num_real, num_fake)
    metric = _fill(
        FrechetInceptionDistance(feature=net, normalize=True, input_img_size=(3, 4, 4)).to(device), real, fake, device
    )
    expected = fid_reference(features_of(net, real), features_of(net, fake))
    value = metric.compute()
    assert value.dtype == torch.float32
    assert_close(value, expected, atol=1e-4, rtol=1e-4)
    assert metric.real_features_cov_sum.dtype == torch.float64


def test_trace_of_the_matrix_square_root_matches_scipy():
    generator = np.random.default_rng(0)
    a, b = generator.normal(size=(30, 12)), generator.normal(size=(8, 12))  # b: a rank-deficient covariance
    sigma1, sigma2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    expected = np.trace(linalg.sqrtm(sigma1 @ sigma2).real)
    assert_close(_trace_sqrt_product(torch.from_numpy(sigma1), torch.from_numpy(sigma2)), expected, rtol=1e-6)


def test_fid_states_merge_like_distributed_sums():
    net = TinyFeatures()
    real, fake = image_sets()
    whole = _fill(FrechetInceptionDistance(feature=net, normalize=True, input_img_size=(3, 4, 4)), real, fake, "cpu")
    first = _fill(
        FrechetInceptionDistance(feature=net, normalize=True, input_img_size=(3, 4, 4)), real[:10], fake[:5], "cpu"
    )
    second = _fill(
        FrechetInceptionDistance(feature=net, normalize=True, input_img_size=(3, 4, 4)), real[10:], fake[5:], "cpu"
    )
    first.merge_state(second)
    assert_close(first.compute(), whole.compute(), atol=1e-5)


def test_fid_keeps_real_features_when_asked():
    net = TinyFeatures(declare=True)
    real, fake = image_sets()
    metric = _fill(FrechetInceptionDistance(feature=net, reset_real_features=False), real, fake, "cpu")
    metric.reset()
    assert int(metric.real_features_num_samples) == len(real)
    assert int(metric.fake_features_num_samples) == 0
    _fill(metric, real[:0], fake, "cpu")
    assert_close(metric.compute(), fid_reference(features_of(net, real), features_of(net, fake)), atol=1e-4)
    metric = _fill(FrechetInceptionDistance(feature=net), real, fake, "cpu")
    metric.reset()
    assert int(metric.real_features_num_samples) == 0


def test_fid_finds_num_features_like_torchmetrics():
    """Without ``num_features`` one dummy image (drawn from the global generator) goes through the network."""
    torch.manual_seed(0)
    FrechetInceptionDistance(feature=TinyFeatures(5), normalize=True, input_img_size=(3, 4, 4))
    after_dummy = torch.rand(1)
    torch.manual_seed(0)
    torch.rand(1, 3, 4, 4)
    assert torch.equal(after_dummy, torch.rand(1))
    net = TinyFeatures(5, declare=True)
    torch.manual_seed(0)
    metric = FrechetInceptionDistance(feature=net)
    assert metric.num_features == 5
    drawn = torch.rand(1)
    torch.manual_seed(0)
    assert torch.equal(drawn, torch.rand(1))


def test_fid_needs_two_samples_of_each_set():
    metric = FrechetInceptionDistance(feature=TinyFeatures(declare=True))
    metric.update(torch.rand(1, 3, 4, 4), real=True)
    metric.update(torch.rand(5, 3, 4, 4), real=False)
    with pytest.raises(RuntimeError, match="More than one sample"):
        metric.compute()


def test_fid_rejects_bad_features_and_keeps_state():
    net = TinyFeatures(declare=True)
    net.num_features = 7  # declares a width its features do not have
    metric = FrechetInceptionDistance(feature=net)
    assert_rejected(metric, ValueError, r"\(N, 7\) features", torch.rand(2, 3, 4, 4), True)
    assert_rejected(metric, TypeError, "torch.Tensor", [[0.0]], True)


@pytest.mark.parametrize(
    "metric_class", [FrechetInceptionDistance, MemorizationInformedFrechetInceptionDistance], ids=lambda c: c.__name__
)
def test_default_inception_needs_a_module_or_weights(metric_class):
    with pytest.raises(FeatureExtractorUnavailableError, match="feature_extractor_weights_path") as error:
        metric_class(feature=2048)
    assert isinstance(error.value, ModuleNotFoundError)
    assert isinstance(error.value, ValueError)
    with pytest.raises(ValueError, match="must be one of"):
        metric_class(feature=100)
    with pytest.raises(TypeError, match="feature"):
        metric_class(feature=[2048])
    with pytest.raises(ValueError, match="reset_real_features"):
        metric_class(feature=TinyFeatures(declare=True), reset_real_features=1)


def _mifid_reference(real, fake, eps=0.1):
    fid = fid_reference(real, fake)
    real_unit = real / np.linalg.norm(real, axis=1, keepdims=True)
    fake_unit = fake / np.linalg.norm(fake, axis=1, keepdims=True)
    distance = (1 - np.abs(real_unit @ fake_unit.T)).min(axis=1).mean()
    distance = distance if distance < eps else 1.0
    return fid / (distance + 1e-14)


@pytest.mark.parametrize(("shift", "eps"), [(0.3, 0.1), (0.0, 0.5)])
def test_mifid(shift, eps, device):
    net = TinyFeatures()
    real, fake = image_sets(shift=shift)
    metric = MemorizationInformedFrechetInceptionDistance(feature=net, cosine_distance_eps=eps).to(device)
    _fill(metric, real, fake, device)
    expected = _mifid_reference(features_of(net, real), features_of(net, fake), eps)
    assert_close(metric.compute(), expected, rtol=1e-4)
    metric = MemorizationInformedFrechetInceptionDistance(feature=net, reset_real_features=False)
    _fill(metric, real, fake, "cpu")
    metric.reset()
    assert len(metric.real_features) > 0
    assert metric.fake_features == []


def test_mifid_rejects_bad_arguments():
    with pytest.raises(ValueError, match="cosine_distance_eps"):
        MemorizationInformedFrechetInceptionDistance(feature=TinyFeatures(), cosine_distance_eps=1.5)


def test_mifid_of_a_single_sample_is_zero():
    """One real (or generated) image has no covariance; as in TorchMetrics, MiFID is then 0 (not an error)."""
    net = TinyFeatures()
    metric = MemorizationInformedFrechetInceptionDistance(feature=net)
    metric.update(torch.rand(1, 3, 4, 4), real=True)
    metric.update(torch.rand(3, 3, 4, 4), real=False)
    with pytest.warns(UserWarning, match="degrees of freedom"):
        assert metric.compute() == 0
