"""One reference-comparison harness shared by every package's tests.

A test describes a metric by its class factory, its functional form and an independent
reference (scikit-learn, SciPy, scikit-image or NumPy) and hands over a few batches of inputs;
``check_metric`` then compares, against the reference:

- the functional form on every batch,
- the class accumulated over all batches with ``update`` (value of ``compute``),
- the batch values returned by ``forward``, and ``compute`` after those forwards,

all on the device under test (``METRICS_TEST_DEVICE``: ``cpu`` by default, ``cuda`` in the
CUDA sessions; CUDA tests skip cleanly when no GPU is present).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
import torch
from torch import Tensor

Batch = Sequence[Tensor]
Reference = Callable[..., Any]


def device_under_test() -> torch.device:
    """The device named by METRICS_TEST_DEVICE; skips the test when it is CUDA and none is present."""
    name = os.environ.get("METRICS_TEST_DEVICE", "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        pytest.skip("METRICS_TEST_DEVICE asks for CUDA but torch.cuda.is_available() is False")
    return torch.device(name)


def cuda_device() -> torch.device:
    """A CUDA device for tests that compare CPU and CUDA explicitly; skips without a GPU."""
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device: torch.cuda.is_available() is False")
    return torch.device("cuda")


def to_numpy(value: Any) -> Any:
    """Tensors (also inside tuples/lists/dicts) as NumPy arrays on the CPU."""
    if isinstance(value, Tensor):
        return value.detach().cpu().numpy()
    if isinstance(value, dict):
        return {key: to_numpy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(to_numpy(item) for item in value)
    return value


def assert_close(actual: Any, expected: Any, atol: float = 1e-6, rtol: float = 1e-5, where: str = "") -> None:
    """Compare a metric value (tensor, number, or nested dict/list/tuple of them) with a reference value."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected a dict, got {type(actual).__name__}"
        assert set(actual) == set(expected), f"{where}: keys {sorted(actual)} != {sorted(expected)}"
        for key in expected:
            assert_close(actual[key], expected[key], atol, rtol, f"{where}[{key!r}]")
        return
    if isinstance(expected, (list, tuple)) and not np.isscalar(expected):
        assert len(actual) == len(expected), f"{where}: length {len(actual)} != {len(expected)}"
        for index, (got, want) in enumerate(zip(actual, expected)):
            assert_close(got, want, atol, rtol, f"{where}[{index}]")
        return
    got = np.asarray(to_numpy(actual), dtype=np.float64)
    want = np.asarray(to_numpy(expected), dtype=np.float64)
    assert got.shape == want.shape or got.size == want.size == 1, f"{where}: shape {got.shape} != {want.shape}"
    np.testing.assert_allclose(got.reshape(want.shape), want, atol=atol, rtol=rtol, equal_nan=True, err_msg=where)


def concat_batches(batches: Sequence[Batch]) -> list[Tensor]:
    """Concatenate the i-th input of every batch along dimension 0."""
    return [torch.cat([batch[i] for batch in batches]) for i in range(len(batches[0]))]


def check_metric(
    metric_factory: Callable[[], Any],
    batches: Sequence[Batch],
    reference: Reference,
    functional: Callable[..., Any] | None = None,
    atol: float = 1e-6,
    rtol: float = 1e-5,
    device: torch.device | None = None,
    check_forward: bool = True,
) -> None:
    """Check functional, accumulated and forward values of a metric against ``reference``.

    ``reference`` receives the NumPy arrays of one batch (or of all batches concatenated) and
    returns the expected value. ``metric_factory`` builds a fresh metric (on the CPU; it is moved
    to ``device`` here). ``functional`` takes the same positional tensors as ``update``.
    """
    device = device or device_under_test()
    batches = [tuple(t.to(device) for t in batch) for batch in batches]
    everything = concat_batches(batches)

    if functional is not None:
        for index, batch in enumerate(batches):
            expected = reference(*to_numpy(batch))
            assert_close(functional(*batch), expected, atol, rtol, f"functional, batch {index}")

    metric = metric_factory().to(device)
    for batch in batches:
        metric.update(*batch)
    assert_close(metric.compute(), reference(*to_numpy(everything)), atol, rtol, "update over all batches")

    if check_forward:
        metric = metric_factory().to(device)
        for index, batch in enumerate(batches):
            value = metric(*batch)
            assert_close(value, reference(*to_numpy(batch)), atol, rtol, f"forward value, batch {index}")
        assert_close(metric.compute(), reference(*to_numpy(everything)), atol, rtol, "compute after forward")
