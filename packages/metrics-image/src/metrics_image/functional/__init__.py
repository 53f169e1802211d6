"""Functional forms of the image metrics: ``peak_signal_noise_ratio``, ``structural_similarity_index_measure``, ..."""

from metrics_image.functional.d_lambda import spectral_distortion_index
from metrics_image.functional.d_s import spatial_distortion_index
from metrics_image.functional.ergas import error_relative_global_dimensionless_synthesis
from metrics_image.functional.gradients import image_gradients
from metrics_image.functional.psnr import peak_signal_noise_ratio
from metrics_image.functional.psnrb import peak_signal_noise_ratio_with_blocked_effect
from metrics_image.functional.qnr import quality_with_no_reference
from metrics_image.functional.rase import relative_average_spectral_error
from metrics_image.functional.rmse_sw import root_mean_squared_error_using_sliding_window
from metrics_image.functional.sam import spectral_angle_mapper
from metrics_image.functional.scc import spatial_correlation_coefficient
from metrics_image.functional.ssim import (
    multiscale_structural_similarity_index_measure,
    structural_similarity_index_measure,
)
from metrics_image.functional.tv import total_variation
from metrics_image.functional.uqi import universal_image_quality_index
from metrics_image.functional.vif import visual_information_fidelity

__all__ = [
    "error_relative_global_dimensionless_synthesis",
    "image_gradients",
    "multiscale_structural_similarity_index_measure",
    "peak_signal_noise_ratio",
    "peak_signal_noise_ratio_with_blocked_effect",
    "quality_with_no_reference",
    "relative_average_spectral_error",
    "root_mean_squared_error_using_sliding_window",
    "spatial_correlation_coefficient",
    "spatial_distortion_index",
    "spectral_angle_mapper",
    "spectral_distortion_index",
    "structural_similarity_index_measure",
    "total_variation",
    "universal_image_quality_index",
    "visual_information_fidelity",
]
