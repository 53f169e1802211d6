"""Classification metrics: Binary*/Multiclass*/Multilabel* classes and task wrappers such as ``Accuracy(task=...)``.

Importing this package is cheap: it imports neither torch nor the metric modules. A class is
loaded on first access; ``metrics_classification.functional`` holds the functional forms.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Metric classes by module (relative to this package). plugin.py registers every class listed here.
METRIC_MODULES: dict[str, tuple[str, ...]] = {
    "stat_scores": ("BinaryStatScores", "MulticlassStatScores", "MultilabelStatScores", "StatScores"),
    "accuracy": ("BinaryAccuracy", "MulticlassAccuracy", "MultilabelAccuracy", "Accuracy"),
    "precision_recall": (
        "BinaryPrecision",
        "MulticlassPrecision",
        "MultilabelPrecision",
        "Precision",
        "BinaryRecall",
        "MulticlassRecall",
        "MultilabelRecall",
        "Recall",
    ),
    "f_beta": (
        "BinaryFBetaScore",
        "MulticlassFBetaScore",
        "MultilabelFBetaScore",
        "FBetaScore",
        "BinaryF1Score",
        "MulticlassF1Score",
        "MultilabelF1Score",
        "F1Score",
    ),
    "specificity": ("BinarySpecificity", "MulticlassSpecificity", "MultilabelSpecificity", "Specificity"),
    "negative_predictive_value": (
        "BinaryNegativePredictiveValue",
        "MulticlassNegativePredictiveValue",
        "MultilabelNegativePredictiveValue",
        "NegativePredictiveValue",
    ),
    "hamming": (
        "BinaryHammingDistance",
        "MulticlassHammingDistance",
        "MultilabelHammingDistance",
        "HammingDistance",
    ),
    "exact_match": ("MulticlassExactMatch", "MultilabelExactMatch", "ExactMatch"),
    "confusion_matrix": (
        "BinaryConfusionMatrix",
        "MulticlassConfusionMatrix",
        "MultilabelConfusionMatrix",
        "ConfusionMatrix",
    ),
    "jaccard": ("BinaryJaccardIndex", "MulticlassJaccardIndex", "MultilabelJaccardIndex", "JaccardIndex"),
    "matthews_corrcoef": (
        "BinaryMatthewsCorrCoef",
        "MulticlassMatthewsCorrCoef",
        "MultilabelMatthewsCorrCoef",
        "MatthewsCorrCoef",
    ),
    "cohen_kappa": ("BinaryCohenKappa", "MulticlassCohenKappa", "CohenKappa"),
    "precision_recall_curve": (
        "BinaryPrecisionRecallCurve",
        "MulticlassPrecisionRecallCurve",
        "MultilabelPrecisionRecallCurve",
        "PrecisionRecallCurve",
    ),
    "roc": ("BinaryROC", "MulticlassROC", "MultilabelROC", "ROC"),
    "auroc": ("BinaryAUROC", "MulticlassAUROC", "MultilabelAUROC", "AUROC"),
    "average_precision": (
        "BinaryAveragePrecision",
        "MulticlassAveragePrecision",
        "MultilabelAveragePrecision",
        "AveragePrecision",
    ),
    "calibration_error": ("BinaryCalibrationError", "MulticlassCalibrationError", "CalibrationError"),
    "hinge": ("BinaryHingeLoss", "MulticlassHingeLoss", "HingeLoss"),
    "eer": ("BinaryEER", "MulticlassEER", "MultilabelEER", "EER"),
    "logauc": ("BinaryLogAUC", "MulticlassLogAUC", "MultilabelLogAUC", "LogAUC"),
    "group_fairness": ("BinaryFairness", "BinaryGroupStatRates"),
    "ranking": ("MultilabelCoverageError", "MultilabelRankingAveragePrecision", "MultilabelRankingLoss"),
    "operating_point": (
        "BinaryRecallAtFixedPrecision",
        "MulticlassRecallAtFixedPrecision",
        "MultilabelRecallAtFixedPrecision",
        "RecallAtFixedPrecision",
        "BinaryPrecisionAtFixedRecall",
        "MulticlassPrecisionAtFixedRecall",
        "MultilabelPrecisionAtFixedRecall",
        "PrecisionAtFixedRecall",
        "BinarySensitivityAtSpecificity",
        "MulticlassSensitivityAtSpecificity",
        "MultilabelSensitivityAtSpecificity",
        "SensitivityAtSpecificity",
        "BinarySpecificityAtSensitivity",
        "MulticlassSpecificityAtSensitivity",
        "MultilabelSpecificityAtSensitivity",
        "SpecificityAtSensitivity",
    ),
}

_LAZY_EXPORTS = {name: f"{__name__}.{module}" for module, names in METRIC_MODULES.items() for name in names}

__all__ = [
    "Accuracy",
    "BinaryAccuracy",
    "BinaryF1Score",
    "BinaryFBetaScore",
    "BinaryHammingDistance",
    "BinaryNegativePredictiveValue",
    "BinaryPrecision",
    "BinaryRecall",
    "BinarySpecificity",
    "BinaryStatScores",
    "ExactMatch",
    "F1Score",
    "FBetaScore",
    "HammingDistance",
    "MulticlassAccuracy",
    "MulticlassExactMatch",
    "MulticlassF1Score",
    "MulticlassFBetaScore",
    "MulticlassHammingDistance",
    "MulticlassNegativePredictiveValue",
    "MulticlassPrecision",
    "MulticlassRecall",
    "MulticlassSpecificity",
    "MulticlassStatScores",
    "MultilabelAccuracy",
    "MultilabelExactMatch",
    "MultilabelF1Score",
    "MultilabelFBetaScore",
    "MultilabelHammingDistance",
    "MultilabelNegativePredictiveValue",
    "MultilabelPrecision",
    "MultilabelRecall",
    "MultilabelSpecificity",
    "MultilabelStatScores",
    "NegativePredictiveValue",
    "Precision",
    "Recall",
    "Specificity",
    "StatScores",
    "__version__",
    "BinaryCohenKappa",
    "BinaryConfusionMatrix",
    "BinaryJaccardIndex",
    "BinaryMatthewsCorrCoef",
    "CohenKappa",
    "ConfusionMatrix",
    "JaccardIndex",
    "MatthewsCorrCoef",
    "MulticlassCohenKappa",
    "MulticlassConfusionMatrix",
    "MulticlassJaccardIndex",
    "MulticlassMatthewsCorrCoef",
    "MultilabelConfusionMatrix",
    "MultilabelJaccardIndex",
    "MultilabelMatthewsCorrCoef",
    "BinaryPrecisionRecallCurve",
    "MulticlassPrecisionRecallCurve",
    "MultilabelPrecisionRecallCurve",
    "PrecisionRecallCurve",
    "BinaryROC",
    "MulticlassROC",
    "MultilabelROC",
    "ROC",
    "BinaryAUROC",
    "MulticlassAUROC",
    "MultilabelAUROC",
    "AUROC",
    "BinaryAveragePrecision",
    "MulticlassAveragePrecision",
    "MultilabelAveragePrecision",
    "AveragePrecision",
    "BinaryCalibrationError",
    "MulticlassCalibrationError",
    "CalibrationError",
    "BinaryHingeLoss",
    "MulticlassHingeLoss",
    "HingeLoss",
    "BinaryEER",
    "MulticlassEER",
    "MultilabelEER",
    "EER",
    "BinaryLogAUC",
    "MulticlassLogAUC",
    "MultilabelLogAUC",
    "LogAUC",
    "BinaryFairness",
    "BinaryGroupStatRates",
    "MultilabelCoverageError",
    "MultilabelRankingAveragePrecision",
    "MultilabelRankingLoss",
    "BinaryRecallAtFixedPrecision",
    "MulticlassRecallAtFixedPrecision",
    "MultilabelRecallAtFixedPrecision",
    "RecallAtFixedPrecision",
    "BinaryPrecisionAtFixedRecall",
    "MulticlassPrecisionAtFixedRecall",
    "MultilabelPrecisionAtFixedRecall",
    "PrecisionAtFixedRecall",
    "BinarySensitivityAtSpecificity",
    "MulticlassSensitivityAtSpecificity",
    "MultilabelSensitivityAtSpecificity",
    "SensitivityAtSpecificity",
    "BinarySpecificityAtSensitivity",
    "MulticlassSpecificityAtSensitivity",
    "MultilabelSpecificityAtSensitivity",
    "SpecificityAtSensitivity",
]

if TYPE_CHECKING:
    from metrics_classification.accuracy import Accuracy, BinaryAccuracy, MulticlassAccuracy, MultilabelAccuracy
    from metrics_classification.auroc import AUROC, BinaryAUROC, MulticlassAUROC, MultilabelAUROC
    from metrics_classification.average_precision import (
        AveragePrecision,
        BinaryAveragePrecision,
        MulticlassAveragePrecision,
        MultilabelAveragePrecision,
    )
    from metrics_classification.calibration_error import (
        BinaryCalibrationError,
        CalibrationError,
        MulticlassCalibrationError,
    )
    from metrics_classification.cohen_kappa import BinaryCohenKappa, CohenKappa, MulticlassCohenKappa
    from metrics_classification.confusion_matrix import (
        BinaryConfusionMatrix,
        ConfusionMatrix,
        MulticlassConfusionMatrix,
        MultilabelConfusionMatrix,
    )
    from metrics_classification.eer import EER, BinaryEER, MulticlassEER, MultilabelEER
    from metrics_classification.exact_match import ExactMatch, MulticlassExactMatch, MultilabelExactMatch
    from metrics_classification.f_beta import (
        BinaryF1Score,
        BinaryFBetaScore,
        F1Score,
        FBetaScore,
        MulticlassF1Score,
        MulticlassFBetaScore,
        MultilabelF1Score,
        MultilabelFBetaScore,
    )
    from metrics_classification.group_fairness import BinaryFairness, BinaryGroupStatRates
    from metrics_classification.hamming import (
        BinaryHammingDistance,
        HammingDistance,
        MulticlassHammingDistance,
        MultilabelHammingDistance,
    )
    from metrics_classification.hinge import BinaryHingeLoss, HingeLoss, MulticlassHingeLoss
    from metrics_classification.jaccard import (
        BinaryJaccardIndex,
        JaccardIndex,
        MulticlassJaccardIndex,
        MultilabelJaccardIndex,
    )
    from metrics_classification.logauc import BinaryLogAUC, LogAUC, MulticlassLogAUC, MultilabelLogAUC
    from metrics_classification.matthews_corrcoef import (
        BinaryMatthewsCorrCoef,
        MatthewsCorrCoef,
        MulticlassMatthewsCorrCoef,
        MultilabelMatthewsCorrCoef,
    )
    from metrics_classification.negative_predictive_value import (
        BinaryNegativePredictiveValue,
        MulticlassNegativePredictiveValue,
        MultilabelNegativePredictiveValue,
        NegativePredictiveValue,
    )
    from metrics_classification.operating_point import (
        BinaryPrecisionAtFixedRecall,
        BinaryRecallAtFixedPrecision,
        BinarySensitivityAtSpecificity,
        BinarySpecificityAtSensitivity,
        MulticlassPrecisionAtFixedRecall,
        MulticlassRecallAtFixedPrecision,
        MulticlassSensitivityAtSpecificity,
        MulticlassSpecificityAtSensitivity,
        MultilabelPrecisionAtFixedRecall,
        MultilabelRecallAtFixedPrecision,
        MultilabelSensitivityAtSpecificity,
        MultilabelSpecificityAtSensitivity,
        PrecisionAtFixedRecall,
        RecallAtFixedPrecision,
        SensitivityAtSpecificity,
        SpecificityAtSensitivity,
    )
    from metrics_classification.precision_recall import (
        BinaryPrecision,
        BinaryRecall,
        MulticlassPrecision,
        MulticlassRecall,
        MultilabelPrecision,
        MultilabelRecall,
        Precision,
        Recall,
    )
    from metrics_classification.precision_recall_curve import (
        BinaryPrecisionRecallCurve,
        MulticlassPrecisionRecallCurve,
        MultilabelPrecisionRecallCurve,
        PrecisionRecallCurve,
    )
    from metrics_classification.ranking import (
        MultilabelCoverageError,
        MultilabelRankingAveragePrecision,
        MultilabelRankingLoss,
    )
    from metrics_classification.roc import ROC, BinaryROC, MulticlassROC, MultilabelROC
    from metrics_classification.specificity import (
        BinarySpecificity,
        MulticlassSpecificity,
        MultilabelSpecificity,
        Specificity,
    )
    from metrics_classification.stat_scores import (
        BinaryStatScores,
        MulticlassStatScores,
        MultilabelStatScores,
        StatScores,
    )


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*__all__, "functional"])
