"""Functional forms of the classification metrics: ``binary_accuracy``, ``multiclass_f1_score``, ``accuracy``, ..."""

from metrics_classification.functional.accuracy import (
    accuracy,
    binary_accuracy,
    multiclass_accuracy,
    multilabel_accuracy,
)
from metrics_classification.functional.auroc import (
    auroc,
    binary_auroc,
    multiclass_auroc,
    multilabel_auroc,
)
from metrics_classification.functional.average_precision import (
    average_precision,
    binary_average_precision,
    multiclass_average_precision,
    multilabel_average_precision,
)
from metrics_classification.functional.cohen_kappa import binary_cohen_kappa, cohen_kappa, multiclass_cohen_kappa
from metrics_classification.functional.confusion_matrix import (
    binary_confusion_matrix,
    confusion_matrix,
    multiclass_confusion_matrix,
    multilabel_confusion_matrix,
)
from metrics_classification.functional.exact_match import exact_match, multiclass_exact_match, multilabel_exact_match
from metrics_classification.functional.f_beta import (
    binary_f1_score,
    binary_fbeta_score,
    f1_score,
    fbeta_score,
    multiclass_f1_score,
    multiclass_fbeta_score,
    multilabel_f1_score,
    multilabel_fbeta_score,
)
from metrics_classification.functional.hamming import (
    binary_hamming_distance,
    hamming_distance,
    multiclass_hamming_distance,
    multilabel_hamming_distance,
)
from metrics_classification.functional.jaccard import (
    binary_jaccard_index,
    jaccard_index,
    multiclass_jaccard_index,
    multilabel_jaccard_index,
)
from metrics_classification.functional.matthews_corrcoef import (
    binary_matthews_corrcoef,
    matthews_corrcoef,
    multiclass_matthews_corrcoef,
    multilabel_matthews_corrcoef,
)
from metrics_classification.functional.negative_predictive_value import (
    binary_negative_predictive_value,
    multiclass_negative_predictive_value,
    multilabel_negative_predictive_value,
    negative_predictive_value,
)
from metrics_classification.functional.precision_recall import (
    binary_precision,
    binary_recall,
    multiclass_precision,
    multiclass_recall,
    multilabel_precision,
    multilabel_recall,
    precision,
    recall,
)
from metrics_classification.functional.precision_recall_curve import (
    binary_precision_recall_curve,
    multiclass_precision_recall_curve,
    multilabel_precision_recall_curve,
    precision_recall_curve,
)
from metrics_classification.functional.roc import (
    binary_roc,
    multiclass_roc,
    multilabel_roc,
    roc,
)
from metrics_classification.functional.specificity import (
    binary_specificity,
    multiclass_specificity,
    multilabel_specificity,
    specificity,
)
from metrics_classification.functional.stat_scores import (
    binary_stat_scores,
    multiclass_stat_scores,
    multilabel_stat_scores,
    stat_scores,
)

__all__ = [
    "accuracy",
    "binary_accuracy",
    "binary_f1_score",
    "binary_fbeta_score",
    "binary_hamming_distance",
    "binary_negative_predictive_value",
    "binary_precision",
    "binary_recall",
    "binary_specificity",
    "binary_stat_scores",
    "exact_match",
    "f1_score",
    "fbeta_score",
    "hamming_distance",
    "multiclass_accuracy",
    "multiclass_exact_match",
    "multiclass_f1_score",
    "multiclass_fbeta_score",
    "multiclass_hamming_distance",
    "multiclass_negative_predictive_value",
    "multiclass_precision",
    "multiclass_recall",
    "multiclass_specificity",
    "multiclass_stat_scores",
    "multilabel_accuracy",
    "multilabel_exact_match",
    "multilabel_f1_score",
    "multilabel_fbeta_score",
    "multilabel_hamming_distance",
    "multilabel_negative_predictive_value",
    "multilabel_precision",
    "multilabel_recall",
    "multilabel_specificity",
    "multilabel_stat_scores",
    "negative_predictive_value",
    "precision",
    "recall",
    "specificity",
    "stat_scores",
    "binary_cohen_kappa",
    "binary_confusion_matrix",
    "binary_jaccard_index",
    "binary_matthews_corrcoef",
    "cohen_kappa",
    "confusion_matrix",
    "jaccard_index",
    "matthews_corrcoef",
    "multiclass_cohen_kappa",
    "multiclass_confusion_matrix",
    "multiclass_jaccard_index",
    "multiclass_matthews_corrcoef",
    "multilabel_confusion_matrix",
    "multilabel_jaccard_index",
    "multilabel_matthews_corrcoef",
    "auroc",
    "binary_auroc",
    "multiclass_auroc",
    "multilabel_auroc",
    "average_precision",
    "binary_average_precision",
    "multiclass_average_precision",
    "multilabel_average_precision",
    "binary_precision_recall_curve",
    "multiclass_precision_recall_curve",
    "multilabel_precision_recall_curve",
    "precision_recall_curve",
    "binary_roc",
    "multiclass_roc",
    "multilabel_roc",
    "roc",
]
