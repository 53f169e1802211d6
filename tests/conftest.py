"""Shared pytest configuration: the device under test and reproducible randomness."""

from __future__ import annotations

import pytest
import torch
from metric_harness import device_under_test


@pytest.fixture
def device() -> torch.device:
    """The device tests run on: cpu, or cuda when METRICS_TEST_DEVICE=cuda and a GPU is present."""
    return device_under_test()


@pytest.fixture(autouse=True)
def _seed() -> None:
    torch.manual_seed(42)
