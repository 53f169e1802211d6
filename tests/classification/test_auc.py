"""The functional ``auc`` against NumPy's trapezoid."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close
from metrics_classification.functional import auc


@pytest.mark.parametrize("descending", [False, True])
def test_auc_of_monotone_points(descending, device):
    x = torch.sort(torch.rand(20), descending=descending).values
    y = torch.rand(20)
    expected = abs(np.trapezoid(y.numpy(), x.numpy()))
    assert_close(auc(x.to(device), y.to(device)), expected)


def test_reorder_sorts_the_points():
    x, y = torch.rand(15), torch.rand(15)
    order = np.argsort(x.numpy(), kind="stable")
    assert_close(auc(x, y, reorder=True), np.trapezoid(y.numpy()[order], x.numpy()[order]))
    with pytest.raises(ValueError, match="reorder"):
        auc(torch.tensor([0.0, 2.0, 1.0]), torch.tensor([0.0, 1.0, 1.0]))


def test_shapes():
    assert_close(auc(torch.tensor([[0.0, 1.0]]), torch.tensor([[1.0], [1.0]])), 1.0)
    with pytest.raises(ValueError, match="as many points"):
        auc(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match="1-d"):
        auc(torch.rand(2, 2), torch.rand(4))
