"""The metrics-image package: plugin registration, lazy imports, the shared contract of its classes."""

from __future__ import annotations

import subprocess
import sys

import metrics_image
import pytest
import torch
from metrics_core import registry
from metrics_image import METRIC_MODULES

CLASS_NAMES = sorted(name for names in METRIC_MODULES.values() for name in names)


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_every_class_is_registered_in_the_image_domain():
    assert set(registry.names(domain="image")) >= set(CLASS_NAMES)
    assert set(metrics_image.__all__) == {*CLASS_NAMES, "__version__"}
    for name in CLASS_NAMES:
        assert registry.get(name) is getattr(metrics_image, name)
        assert registry.info(name).plugin == "image"


def test_imports_are_lazy():
    assert _run("import sys, metrics_image; print('torch' in sys.modules)") == "False"
    code = (
        "import sys; from metrics_core import registry; names = registry.names(domain='image');"
        "print(len(names) > 0, 'metrics_image.ssim' in sys.modules);"
        "registry.get('StructuralSimilarityIndexMeasure'); print('metrics_image.ssim' in sys.modules)"
    )
    assert _run(code).split() == ["True", "False", "True"]


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_contract_attributes(name):
    metric_class = getattr(metrics_image, name)
    assert metric_class.full_state_update is False
    assert metric_class._update_merges_last is True
    assert isinstance(metric_class.higher_is_better, bool)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("PeakSignalNoiseRatio", {"data_range": 1.0}),
        ("StructuralSimilarityIndexMeasure", {}),
        ("UniversalImageQualityIndex", {}),
        ("TotalVariation", {}),
        ("SpectralAngleMapper", {}),
    ],
)
def test_inputs_on_another_device_are_rejected(name, kwargs):
    metric = registry.create(name, **kwargs)
    images = torch.zeros(1, 3, 16, 16, device="meta")
    args = (images,) if name == "TotalVariation" else (images, images)
    with pytest.raises(ValueError, match=r"meta.*cpu"):
        metric.update(*args)


def test_unknown_keyword_arguments_are_rejected():
    with pytest.raises(ValueError, match="unexpected_argument"):
        metrics_image.PeakSignalNoiseRatio(data_range=1.0, unexpected_argument=True)
