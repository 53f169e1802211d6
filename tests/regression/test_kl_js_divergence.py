"""KL and Jensen-Shannon divergences against SciPy."""

from functools import partial

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from regression_inputs import assert_rejected, batches
from scipy.spatial.distance import jensenshannon
from scipy.stats import entropy


def _rows(divergence, reduction, log_prob):
    def reference(p, q):
        if log_prob:
            p, q = np.exp(p), np.exp(q)
        rows = np.array([divergence(p_row.astype(np.float64), q_row.astype(np.float64)) for p_row, q_row in zip(p, q)])
        return {"sum": rows.sum(), "mean": rows.mean()}.get(reduction, rows)

    return reference


DIVERGENCES = [
    ("kl", mr.KLDivergence, mf.kl_divergence, entropy),
    ("js", mr.JensenShannonDivergence, mf.jensen_shannon_divergence, lambda p, q: jensenshannon(p, q) ** 2),
]


@pytest.mark.parametrize(
    ("factory", "functional", "divergence"), [d[1:] for d in DIVERGENCES], ids=[d[0] for d in DIVERGENCES]
)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("log_prob", [False, True])
def test_against_scipy(factory, functional, divergence, reduction, log_prob, device):
    inputs = batches(outputs=4, low=0.05, high=1.0, seed=10)
    if log_prob:  # normalized log-probabilities
        inputs = [(torch.log(p / p.sum(-1, keepdim=True)), torch.log(q / q.sum(-1, keepdim=True))) for p, q in inputs]
    check_metric(
        partial(factory, log_prob=log_prob, reduction=reduction),
        inputs,
        _rows(divergence, reduction, log_prob),
        functional=partial(functional, log_prob=log_prob, reduction=reduction),
        rtol=1e-4,
        device=device,
    )


def test_zero_probabilities():
    p, q = torch.tensor([[0.5, 0.5, 0.0]]), torch.tensor([[0.25, 0.25, 0.5]])
    assert_close(mf.kl_divergence(p, q), entropy(p[0].numpy(), q[0].numpy()), rtol=1e-6)
    assert torch.isinf(mf.kl_divergence(q, p))
    assert_close(mf.jensen_shannon_divergence(q, p), jensenshannon(q[0].numpy(), p[0].numpy()) ** 2, rtol=1e-5)


@pytest.mark.parametrize("factory", [mr.KLDivergence, mr.JensenShannonDivergence])
def test_bad_input_is_rejected_without_state_change(factory):
    good = batches(sizes=(3,), outputs=4, low=0.1)[0]
    assert_rejected(factory(), good, (torch.rand(4), torch.rand(4)), r"\(N, D\)")
    assert_rejected(factory(reduction="none"), good, (torch.rand(2, 4), torch.rand(2, 3)), "`p` and `q`")
    with pytest.raises(TypeError, match="log_prob"):
        factory(log_prob=1)
    with pytest.raises(ValueError, match="reduction"):
        factory(reduction="max")
