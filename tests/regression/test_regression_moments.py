"""The streaming co-moments state: exact merges in any order, large offsets, syncing across ranks, persistence."""

import copy
import pickle
from functools import partial

import metrics_regression as mr
import numpy as np
import pytest
import torch
from metric_harness import assert_close
from metrics_regression.functional.moments import (
    _merge_moments,
    _moments_default,
    _moments_summary,
    _moments_update,
)
from regression_inputs import batches
from scipy.stats import pearsonr
from sklearn.metrics import explained_variance_score, r2_score

MOMENT_METRICS = [
    (mr.PearsonCorrCoef, lambda p, t: pearsonr(p, t)[0]),
    (mr.R2Score, lambda p, t: r2_score(t, p)),
    (mr.ExplainedVariance, lambda p, t: explained_variance_score(t, p)),
    (
        partial(mr.NormalizedRootMeanSquaredError, normalization="std"),
        lambda p, t: np.sqrt(np.mean((p - t) ** 2)) / t.std(),
    ),
]


def _numpy(*tensors):
    return [tensor.double().cpu().numpy() for tensor in tensors]


def test_merge_in_any_grouping_equals_one_pass():
    generator = torch.Generator().manual_seed(12)
    data = 50 + 3 * torch.randn(40, 2, dtype=torch.float64, generator=generator)
    parts = [_moments_update((data[i : i + 8, 0], data[i : i + 8, 1])) for i in range(0, 40, 8)]
    parts.append(_moments_default(1, 2))  # a rank without data
    merged = _merge_moments(torch.stack(parts))
    nested = _merge_moments(
        torch.stack([_merge_moments(torch.stack(parts[:2])), _merge_moments(torch.stack(parts[2:]))])
    )
    count, mean, comoment, low, high = _moments_summary(merged)
    centered = data - data.mean(0)
    assert count.item() == 40
    assert_close(mean[0], data.mean(0), rtol=1e-12)
    assert_close(comoment[0], centered.T @ centered, rtol=1e-10)
    assert_close(low[0], data.min(0).values)
    assert_close(high[0], data.max(0).values)
    assert_close(_moments_summary(nested)[2], comoment, rtol=1e-10)


@pytest.mark.parametrize(("factory", "reference"), MOMENT_METRICS)
def test_large_offset_float32(factory, reference, device):
    generator = torch.Generator().manual_seed(13)
    target = 1e6 + torch.randn(2048, generator=generator, dtype=torch.float64)
    preds = target + 0.5 * torch.randn(2048, generator=generator, dtype=torch.float64)
    preds, target = preds.float().to(device), target.float().to(device)
    expected = reference(*_numpy(preds, target))
    updated, forwarded = factory().to(device), factory().to(device)
    for chunk in range(0, 2048, 256):
        updated.update(preds[chunk : chunk + 256], target[chunk : chunk + 256])
        forwarded(preds[chunk : chunk + 256], target[chunk : chunk + 256])
    assert_close(updated.compute(), expected, atol=1e-5, rtol=1e-5)
    assert_close(forwarded.compute(), expected, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize(("factory", "reference"), MOMENT_METRICS)
def test_sync_across_ranks_uses_the_same_merge(factory, reference):
    inputs = batches(sizes=(9, 5, 12), seed=14)
    ranks = [factory() for _ in inputs]
    for rank, batch in zip(ranks, inputs):
        rank.update(*batch)
    others = [rank.moments for rank in ranks[1:]] + [_moments_default(1, 2)]  # the last rank saw nothing
    synced = factory(dist_sync_fn=lambda tensor, group: [tensor, *others], distributed_available_fn=lambda: True)
    synced.update(*inputs[0])
    preds, target = (torch.cat(parts) for parts in zip(*inputs))
    assert_close(synced.compute(), reference(*_numpy(preds, target)), rtol=1e-5)
    assert synced.moments.shape == ranks[0].moments.shape  # the local state is back


def test_merge_state_and_persistence():
    first, second, third = batches(sizes=(6, 7, 8), seed=15)
    metric, other = mr.PearsonCorrCoef(), mr.PearsonCorrCoef()
    metric.update(*first)
    other.update(*second)
    metric.merge_state(other)
    metric.persistent(True)
    restored = mr.PearsonCorrCoef()
    restored.load_state_dict(metric.state_dict())
    restored.update(*third)
    for copied in (copy.deepcopy(restored), pickle.loads(pickle.dumps(restored))):
        copied.update(*first)
        preds, target = (torch.cat(parts) for parts in zip(first, second, third, first))
        assert_close(copied.compute(), pearsonr(*_numpy(preds, target))[0], rtol=1e-5)


def test_state_is_constant_memory():
    metric = mr.R2Score()
    for batch in batches(sizes=(5, 6, 7, 8)):
        metric(*batch)
    assert metric.moments.shape == _moments_default(1, 2).shape
    assert metric.moments.dtype == torch.float64


def test_double_metric_gives_double():
    metric = mr.PearsonCorrCoef().double()
    metric.update(*batches()[0])
    assert metric.compute().dtype == torch.float64
