"""The FID InceptionV3: weights from a local file, features of each layer, TensorFlow-style resizing."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close
from metrics_image import FrechetInceptionDistance
from metrics_image.feature_extractor import InceptionV3Features, resize_like_tensorflow1


def _resize_reference(x, size):
    """TensorFlow 1.x bilinear resize (``align_corners=False``): source coordinate ``i * in / out``."""

    def axis(in_size):
        position = np.arange(size) * (in_size / size)
        low = np.floor(position).astype(int)
        return low, np.minimum(low + 1, in_size - 1), position - low

    y0, y1, dy = axis(x.shape[2])
    x0, x1, dx = axis(x.shape[3])
    top = x[:, :, y0][..., x0] * (1 - dx) + x[:, :, y0][..., x1] * dx
    bottom = x[:, :, y1][..., x0] * (1 - dx) + x[:, :, y1][..., x1] * dx
    return top * (1 - dy[:, None]) + bottom * dy[:, None]


@pytest.mark.parametrize(("in_size", "size"), [(7, 12), (12, 5)])
def test_tensorflow_resize(in_size, size):
    x = torch.rand(2, 3, in_size, in_size + 1, dtype=torch.float64)
    resized = resize_like_tensorflow1(x, size)
    assert resized.shape == (2, 3, size, size)
    assert_close(resized, _resize_reference(x.numpy(), size))


@pytest.fixture(scope="module")
def weights_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("inception") / "weights.pth"
    torch.manual_seed(0)
    torch.save(InceptionV3Features("2048", None).state_dict(), path)
    return path


def test_inception_from_a_local_weights_file(weights_file):
    images = torch.randint(0, 256, (2, 3, 32, 32), dtype=torch.uint8)
    pooled = InceptionV3Features("192", weights_file)
    assert pooled.num_features == 192
    assert pooled(images).shape == (2, 192)
    pooled.train()
    assert not pooled.training
    fid = FrechetInceptionDistance(feature=2048, normalize=True, feature_extractor_weights_path=weights_file)
    assert fid.num_features == 2048
    assert not fid.used_custom_model
    fid.update(images[:1].float() / 255, real=True)
    assert int(fid.real_features_num_samples) == 1
    with pytest.raises(ValueError, match="uint8"):
        pooled(images.float())
