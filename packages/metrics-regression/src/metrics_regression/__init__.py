"""Regression metrics for PyTorch: errors, correlations, divergences and probabilistic scores.

Importing this package is cheap: each class is loaded from its module on first access. The
functional forms live in ``metrics_regression.functional``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Class name -> module (under metrics_regression) that defines it.
METRIC_MODULES = {
    "ConcordanceCorrCoef": "concordance",
    "ContinuousRankedProbabilityScore": "crps",
    "CosineSimilarity": "cosine_similarity",
    "CriticalSuccessIndex": "csi",
    "ExplainedVariance": "explained_variance",
    "JensenShannonDivergence": "js_divergence",
    "KLDivergence": "kl_divergence",
    "KendallRankCorrCoef": "kendall",
    "LogCoshError": "log_cosh",
    "MeanAbsoluteError": "mae",
    "MeanAbsolutePercentageError": "mape",
    "MeanSquaredError": "mse",
    "MeanSquaredLogError": "log_mse",
    "MinkowskiDistance": "minkowski",
    "NormalizedRootMeanSquaredError": "nrmse",
    "PearsonCorrCoef": "pearson",
    "R2Score": "r2",
    "RelativeSquaredError": "rse",
    "SpearmanCorrCoef": "spearman",
    "SymmetricMeanAbsolutePercentageError": "symmetric_mape",
    "TweedieDevianceScore": "tweedie_deviance",
    "WeightedMeanAbsolutePercentageError": "wmape",
}

__all__ = [
    "ConcordanceCorrCoef",
    "ContinuousRankedProbabilityScore",
    "CosineSimilarity",
    "CriticalSuccessIndex",
    "ExplainedVariance",
    "JensenShannonDivergence",
    "KLDivergence",
    "KendallRankCorrCoef",
    "LogCoshError",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanSquaredError",
    "MeanSquaredLogError",
    "MinkowskiDistance",
    "NormalizedRootMeanSquaredError",
    "PearsonCorrCoef",
    "R2Score",
    "RelativeSquaredError",
    "SpearmanCorrCoef",
    "SymmetricMeanAbsolutePercentageError",
    "TweedieDevianceScore",
    "WeightedMeanAbsolutePercentageError",
    "__version__",
]

if TYPE_CHECKING:
    from metrics_regression.concordance import ConcordanceCorrCoef
    from metrics_regression.cosine_similarity import CosineSimilarity
    from metrics_regression.crps import ContinuousRankedProbabilityScore
    from metrics_regression.csi import CriticalSuccessIndex
    from metrics_regression.explained_variance import ExplainedVariance
    from metrics_regression.js_divergence import JensenShannonDivergence
    from metrics_regression.kendall import KendallRankCorrCoef
    from metrics_regression.kl_divergence import KLDivergence
    from metrics_regression.log_cosh import LogCoshError
    from metrics_regression.log_mse import MeanSquaredLogError
    from metrics_regression.mae import MeanAbsoluteError
    from metrics_regression.mape import MeanAbsolutePercentageError
    from metrics_regression.minkowski import MinkowskiDistance
    from metrics_regression.mse import MeanSquaredError
    from metrics_regression.nrmse import NormalizedRootMeanSquaredError
    from metrics_regression.pearson import PearsonCorrCoef
    from metrics_regression.r2 import R2Score
    from metrics_regression.rse import RelativeSquaredError
    from metrics_regression.spearman import SpearmanCorrCoef
    from metrics_regression.symmetric_mape import SymmetricMeanAbsolutePercentageError
    from metrics_regression.tweedie_deviance import TweedieDevianceScore
    from metrics_regression.wmape import WeightedMeanAbsolutePercentageError


def __getattr__(name: str) -> Any:
    module = METRIC_MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'metrics_regression' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"metrics_regression.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "functional"])
