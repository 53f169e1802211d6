"""Critical success index against a NumPy count."""

from functools import partial

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from regression_inputs import assert_rejected, batches


def _csi(threshold, axis=None):
    def reference(preds, target):
        predicted, observed = preds >= threshold, target >= threshold
        hits = (predicted & observed).sum(axis)
        total = (predicted | observed).sum(axis)
        return np.where(total == 0, 0.0, hits / np.maximum(total, 1))

    return reference


@pytest.mark.parametrize("threshold", [0.2, 0.6])
def test_against_numpy(threshold, device):
    check_metric(
        partial(mr.CriticalSuccessIndex, threshold=threshold),
        batches(outputs=3, low=0.0),
        _csi(threshold),
        functional=partial(mf.critical_success_index, threshold=threshold),
        device=device,
    )


def test_keep_sequence_dim(device):
    inputs = [tuple(t.reshape(3, -1) for t in batch) for batch in batches(sizes=(6, 9), low=0.0, seed=11)]
    metric = mr.CriticalSuccessIndex(threshold=0.5, keep_sequence_dim=0).to(device)
    expected = []
    for preds, target in inputs:
        metric.update(preds.to(device), target.to(device))
        expected.append(_csi(0.5, axis=1)(preds.numpy(), target.numpy()))
        assert_close(mf.critical_success_index(preds, target, 0.5, keep_sequence_dim=0), expected[-1])
    assert_close(metric.compute(), np.concatenate(expected))


def test_no_events_gives_zero():
    assert_close(mf.critical_success_index(torch.zeros(4), torch.zeros(4), threshold=0.5), 0.0)


def test_bad_input_is_rejected_without_state_change():
    good = batches(sizes=(3,), outputs=2)[0]
    assert_rejected(mr.CriticalSuccessIndex(0.5), good, (torch.rand(3), torch.rand(4)), "same shape")
    assert_rejected(
        mr.CriticalSuccessIndex(0.5, keep_sequence_dim=1), good, (torch.rand(3), torch.rand(3)), "dimension"
    )
    with pytest.raises(ValueError, match="keep_sequence_dim"):
        mr.CriticalSuccessIndex(0.5, keep_sequence_dim=-1)
