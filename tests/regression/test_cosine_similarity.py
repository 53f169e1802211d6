"""Cosine similarity against scikit-learn."""

from functools import partial

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import check_metric
from regression_inputs import assert_rejected, batches
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine_similarity


def _reference(reduction):
    def reference(preds, target):
        rows = np.diag(sk_cosine_similarity(preds, target))
        return {"sum": rows.sum(), "mean": rows.mean()}.get(reduction, rows)

    return reference


@pytest.mark.parametrize("reduction", ["sum", "mean", "none", None])
def test_against_sklearn(reduction, device):
    check_metric(
        partial(mr.CosineSimilarity, reduction=reduction),
        batches(outputs=5),
        _reference(reduction),
        functional=partial(mf.cosine_similarity, reduction=reduction),
        rtol=1e-4,
        device=device,
    )


def test_float32_result_and_constant_memory():
    metric = mr.CosineSimilarity(reduction="mean")
    for preds, target in batches(outputs=3, dtype=torch.float64):
        metric.update(preds, target)
    assert metric.compute().dtype == torch.float32
    assert all(isinstance(state, torch.Tensor) for state in metric.metric_state.values())


def test_bad_input_is_rejected_without_state_change():
    good = batches(sizes=(3,), outputs=4)[0]
    assert_rejected(mr.CosineSimilarity(), good, (torch.rand(4), torch.rand(4)), r"\(N, D\)")
    assert_rejected(mr.CosineSimilarity("none"), good, (torch.rand(4, 2), torch.rand(4, 3)), "same shape")
    with pytest.raises(ValueError, match="reduction"):
        mr.CosineSimilarity(reduction="max")
