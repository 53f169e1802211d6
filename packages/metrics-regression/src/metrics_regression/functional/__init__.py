"""Functional forms of the regression metrics: one call on one batch, no state."""

from __future__ import annotations

from metrics_regression.functional.concordance import concordance_corrcoef
from metrics_regression.functional.cosine_similarity import cosine_similarity
from metrics_regression.functional.crps import continuous_ranked_probability_score
from metrics_regression.functional.csi import critical_success_index
from metrics_regression.functional.explained_variance import explained_variance
from metrics_regression.functional.js_divergence import jensen_shannon_divergence
from metrics_regression.functional.kendall import kendall_rank_corrcoef
from metrics_regression.functional.kl_divergence import kl_divergence
from metrics_regression.functional.log_cosh import log_cosh_error
from metrics_regression.functional.log_mse import mean_squared_log_error
from metrics_regression.functional.mae import mean_absolute_error
from metrics_regression.functional.mape import mean_absolute_percentage_error
from metrics_regression.functional.minkowski import minkowski_distance
from metrics_regression.functional.mse import mean_squared_error
from metrics_regression.functional.nrmse import normalized_root_mean_squared_error
from metrics_regression.functional.pearson import pearson_corrcoef
from metrics_regression.functional.r2 import r2_score
from metrics_regression.functional.rse import relative_squared_error
from metrics_regression.functional.spearman import spearman_corrcoef
from metrics_regression.functional.symmetric_mape import symmetric_mean_absolute_percentage_error
from metrics_regression.functional.tweedie_deviance import tweedie_deviance_score
from metrics_regression.functional.wmape import weighted_mean_absolute_percentage_error

__all__ = [
    "concordance_corrcoef",
    "continuous_ranked_probability_score",
    "cosine_similarity",
    "critical_success_index",
    "explained_variance",
    "jensen_shannon_divergence",
    "kendall_rank_corrcoef",
    "kl_divergence",
    "log_cosh_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_log_error",
    "minkowski_distance",
    "normalized_root_mean_squared_error",
    "pearson_corrcoef",
    "r2_score",
    "relative_squared_error",
    "spearman_corrcoef",
    "symmetric_mean_absolute_percentage_error",
    "tweedie_deviance_score",
    "weighted_mean_absolute_percentage_error",
]
