"""Image metrics: PSNR, SSIM, MS-SSIM, UQI, ERGAS, SAM, RASE, VIF, ..., and FID/KID/IS/MiFID on a feature network.

Importing this package is cheap: it imports neither torch nor the metric modules. A class is
loaded on first access; ``metrics_image.functional`` holds the functional forms.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Metric classes by module (relative to this package). plugin.py registers every class listed here.
METRIC_MODULES: dict[str, tuple[str, ...]] = {
    "psnr": ("PeakSignalNoiseRatio",),
    "psnrb": ("PeakSignalNoiseRatioWithBlockedEffect",),
    "ssim": ("StructuralSimilarityIndexMeasure", "MultiScaleStructuralSimilarityIndexMeasure"),
    "uqi": ("UniversalImageQualityIndex",),
    "ergas": ("ErrorRelativeGlobalDimensionlessSynthesis",),
    "sam": ("SpectralAngleMapper",),
    "rase": ("RelativeAverageSpectralError",),
    "rmse_sw": ("RootMeanSquaredErrorUsingSlidingWindow",),
    "tv": ("TotalVariation",),
    "d_lambda": ("SpectralDistortionIndex",),
    "d_s": ("SpatialDistortionIndex",),
    "qnr": ("QualityWithNoReference",),
    "scc": ("SpatialCorrelationCoefficient",),
    "vif": ("VisualInformationFidelity",),
    "fid": ("FrechetInceptionDistance",),
    "kid": ("KernelInceptionDistance",),
    "inception": ("InceptionScore",),
    "mifid": ("MemorizationInformedFrechetInceptionDistance",),
}

_LAZY_EXPORTS = {name: f"{__name__}.{module}" for module, names in METRIC_MODULES.items() for name in names}

__all__ = [
    "ErrorRelativeGlobalDimensionlessSynthesis",
    "FrechetInceptionDistance",
    "InceptionScore",
    "KernelInceptionDistance",
    "MemorizationInformedFrechetInceptionDistance",
    "MultiScaleStructuralSimilarityIndexMeasure",
    "PeakSignalNoiseRatio",
    "PeakSignalNoiseRatioWithBlockedEffect",
    "QualityWithNoReference",
    "RelativeAverageSpectralError",
    "RootMeanSquaredErrorUsingSlidingWindow",
    "SpatialCorrelationCoefficient",
    "SpatialDistortionIndex",
    "SpectralAngleMapper",
    "SpectralDistortionIndex",
    "StructuralSimilarityIndexMeasure",
    "TotalVariation",
    "UniversalImageQualityIndex",
    "VisualInformationFidelity",
    "__version__",
]

if TYPE_CHECKING:
    from metrics_image.d_lambda import SpectralDistortionIndex
    from metrics_image.d_s import SpatialDistortionIndex
    from metrics_image.ergas import ErrorRelativeGlobalDimensionlessSynthesis
    from metrics_image.fid import FrechetInceptionDistance
    from metrics_image.inception import InceptionScore
    from metrics_image.kid import KernelInceptionDistance
    from metrics_image.mifid import MemorizationInformedFrechetInceptionDistance
    from metrics_image.psnr import PeakSignalNoiseRatio
    from metrics_image.psnrb import PeakSignalNoiseRatioWithBlockedEffect
    from metrics_image.qnr import QualityWithNoReference
    from metrics_image.rase import RelativeAverageSpectralError
    from metrics_image.rmse_sw import RootMeanSquaredErrorUsingSlidingWindow
    from metrics_image.sam import SpectralAngleMapper
    from metrics_image.scc import SpatialCorrelationCoefficient
    from metrics_image.ssim import MultiScaleStructuralSimilarityIndexMeasure, StructuralSimilarityIndexMeasure
    from metrics_image.tv import TotalVariation
    from metrics_image.uqi import UniversalImageQualityIndex
    from metrics_image.vif import VisualInformationFidelity


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "functional"])
