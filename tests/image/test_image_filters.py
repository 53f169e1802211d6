"""The separable filters: both implementations (convolution on CUDA, shifted views on the CPU) against SciPy."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close
from metrics_image.functional.filters import (
    _conv_correlate_1d,
    _conv_correlate_2d,
    _shifted_correlate_1d,
    _shifted_correlate_2d,
    gaussian_kernel_1d,
    symmetric_pad,
)
from scipy import ndimage


@pytest.mark.parametrize("correlate", [_conv_correlate_1d, _shifted_correlate_1d], ids=["conv", "shifted"])
@pytest.mark.parametrize(("shape", "axis"), [((2, 3, 9, 10), -1), ((2, 3, 9, 10), -2), ((1, 2, 6, 7, 8), -3)])
def test_correlate_1d(correlate, shape, axis):
    x = torch.rand(shape, dtype=torch.float64)
    kernel = gaussian_kernel_1d(5, 1.2, torch.float64)
    spatial = 3 if len(shape) == 5 else 2
    out = correlate(x, kernel, axis, spatial) if correlate is _conv_correlate_1d else correlate(x, kernel, axis)
    expected = ndimage.correlate1d(x.numpy(), kernel.numpy(), axis=axis)
    assert_close(out, np.moveaxis(np.moveaxis(expected, axis, 0)[2:-2], 0, axis))


@pytest.mark.parametrize("correlate", [_conv_correlate_2d, _shifted_correlate_2d], ids=["conv", "shifted"])
def test_correlate_2d(correlate):
    x = torch.rand(2, 3, 8, 9, dtype=torch.float64)
    kernel = torch.rand(3, 4, dtype=torch.float64)
    expected = ndimage.correlate(x.numpy(), kernel.numpy()[None, None], origin=(0, 0, 0, -1))[..., 1:-1, 1:-2]
    assert_close(correlate(x, kernel), expected)


def test_symmetric_pad():
    x = torch.arange(5.0).reshape(1, 1, 1, 5)
    assert symmetric_pad(x, 2, 1, dims=(3,)).flatten().tolist() == [1, 0, 0, 1, 2, 3, 4, 4]


def test_metrics_agree_on_both_implementations(monkeypatch):
    """The CUDA path (convolutions) gives the CPU path's values, checked here on the CPU."""
    from metrics_image.functional import filters
    from metrics_image.functional import (
        multiscale_structural_similarity_index_measure as ms_ssim,
    )
    from metrics_image.functional import spatial_correlation_coefficient as scc
    from metrics_image.functional import structural_similarity_index_measure as ssim
    from metrics_image.functional import visual_information_fidelity as vif

    images = torch.rand(2, 2, 48, 48, dtype=torch.float64), torch.rand(2, 2, 48, 48, dtype=torch.float64)
    volumes = torch.rand(1, 1, 12, 13, 14, dtype=torch.float64), torch.rand(1, 1, 12, 13, 14, dtype=torch.float64)

    def values():
        return [
            ssim(*images, data_range=1.0),
            ssim(*volumes, data_range=1.0, gaussian_kernel=False, kernel_size=5),
            ms_ssim(*images, data_range=1.0, betas=(0.5, 0.5), kernel_size=7),
            scc(*images),
            vif(*images),
        ]

    shifted = values()
    monkeypatch.setattr(filters, "correlate_1d", filters._conv_correlate_1d)
    monkeypatch.setattr(
        "metrics_image.functional.scc.correlate_2d", lambda x, k: filters._conv_correlate_2d(x, k.to(x.dtype))
    )
    for got, want in zip(values(), shifted):
        assert_close(got, want, atol=1e-10)
