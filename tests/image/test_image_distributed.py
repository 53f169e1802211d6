"""Image metrics synced over a real 3-rank gloo group equal one metric fed every rank's batches."""

from __future__ import annotations

import warnings
from functools import cache

import pytest
import torch
from distributed_harness import run_distributed
from image_generative import TinyFeatures
from metric_harness import assert_close
from metrics_image import (
    ErrorRelativeGlobalDimensionlessSynthesis,
    FrechetInceptionDistance,
    PeakSignalNoiseRatio,
    RelativeAverageSpectralError,
    SpectralDistortionIndex,
    StructuralSimilarityIndexMeasure,
)

# uneven: rank 1 sees no data at all, yet takes part in the sync
BATCHES_PER_RANK = (2, 0, 1)

FACTORIES = {
    "PeakSignalNoiseRatio": lambda: PeakSignalNoiseRatio(data_range=1.0),
    "StructuralSimilarityIndexMeasure": lambda: StructuralSimilarityIndexMeasure(data_range=1.0, reduction="none"),
    "RelativeAverageSpectralError": lambda: RelativeAverageSpectralError(window_size=4),
    "SpectralDistortionIndex": SpectralDistortionIndex,
    "ErrorRelativeGlobalDimensionlessSynthesis": lambda: ErrorRelativeGlobalDimensionlessSynthesis(reduction="none"),
    "FrechetInceptionDistance": lambda: FrechetInceptionDistance(feature=TinyFeatures(declare=True)),
}


def _batches(rank: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    generator = torch.Generator().manual_seed(100 + rank)
    return [
        (torch.rand(2, 3, 16, 16, generator=generator), torch.rand(2, 3, 16, 16, generator=generator))
        for _ in range(BATCHES_PER_RANK[rank])
    ]


def _feed(name: str, metric, batches) -> None:
    for preds, target in batches:
        if name == "FrechetInceptionDistance":
            metric.update(preds[..., :4, :4], real=True)
            metric.update(target[..., :4, :4], real=False)
        else:
            metric.update(preds, target)


def _rank_values(rank: int, world_size: int) -> dict[str, torch.Tensor]:
    warnings.simplefilter("ignore")  # the rank without data computes before any update
    values = {}
    for name, factory in FACTORIES.items():
        metric = factory()
        _feed(name, metric, _batches(rank))
        values[name] = metric.compute()
    return values


@cache
def _synced() -> list[dict[str, torch.Tensor]]:
    return run_distributed(_rank_values, world_size=len(BATCHES_PER_RANK))


@pytest.mark.parametrize("name", list(FACTORIES))
def test_synced_compute_equals_one_metric_over_all_batches(name):
    metric = FACTORIES[name]()
    for rank in range(len(BATCHES_PER_RANK)):
        _feed(name, metric, _batches(rank))
    expected = metric.compute()
    for value in _synced():
        assert_close(value[name], expected, atol=1e-5)
