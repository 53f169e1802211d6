"""Kendall rank correlation (tau-a, b, c) and its asymptotic test against SciPy and a pair count."""

from functools import partial
from itertools import combinations

import metrics_regression as mr
import metrics_regression.functional as mf
import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from regression_inputs import assert_rejected, batches, per_output
from scipy.stats import kendalltau, norm


def _tau_a(preds, target, alternative=None):
    """Concordant minus discordant pairs over their sum (TorchMetrics' tau-a), and its normal-test p-value."""
    signs = [
        np.sign(preds[i] - preds[j]) * np.sign(target[i] - target[j]) for i, j in combinations(range(len(preds)), 2)
    ]
    concordant, discordant = sum(s > 0 for s in signs), sum(s < 0 for s in signs)
    tau = (concordant - discordant) / (concordant + discordant)
    if alternative is None:
        return tau
    num = len(preds)
    statistic = 3 * (concordant - discordant) / np.sqrt(num * (num - 1) * (2 * num + 5) / 2)
    p_value = {"two-sided": 2 * norm.cdf(-abs(statistic)), "less": norm.cdf(statistic), "greater": norm.sf(statistic)}
    return tau, p_value[alternative]


def _reference(variant, alternative=None):
    """Tau per output; with ``alternative``, ``(tau, p_value)`` of one-dimensional inputs."""
    if variant == "a":
        tau = partial(_tau_a, alternative=alternative)
    else:

        def tau(preds, target):
            test = kendalltau(
                preds, target, variant=variant, method="asymptotic", alternative=alternative or "two-sided"
            )
            return test.statistic if alternative is None else (test.statistic, test.pvalue)

    return per_output(tau) if alternative is None else tau


@pytest.mark.parametrize("variant", ["a", "b", "c"])
@pytest.mark.parametrize("num_outputs", [1, 2])
def test_tau_against_reference(variant, num_outputs, device):
    inputs = batches(outputs=None if num_outputs == 1 else num_outputs, sizes=(9, 14, 4), seed=6)
    inputs = [(preds.mul(4).round(), target.mul(4).round()) for preds, target in inputs]  # with ties
    check_metric(
        partial(mr.KendallRankCorrCoef, variant=variant, num_outputs=num_outputs),
        inputs,
        _reference(variant),
        functional=partial(mf.kendall_rank_corrcoef, variant=variant),
        rtol=1e-4,
        device=device,
    )


@pytest.mark.parametrize("variant", ["a", "b", "c"])
@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_t_test_against_reference(variant, alternative, device):
    inputs = [(preds.mul(4).round(), target.mul(4).round()) for preds, target in batches(sizes=(12, 15), seed=8)]
    check_metric(
        partial(mr.KendallRankCorrCoef, variant=variant, t_test=True, alternative=alternative),
        inputs,
        _reference(variant, alternative),
        functional=partial(mf.kendall_rank_corrcoef, variant=variant, t_test=True, alternative=alternative),
        rtol=1e-4,
        device=device,
    )


def test_long_input_is_counted_in_chunks():
    generator = torch.Generator().manual_seed(9)
    preds, target = torch.rand(3000, generator=generator), torch.rand(3000, generator=generator)
    expected = kendalltau(preds.numpy(), target.numpy()).statistic
    assert_close(mf.kendall_rank_corrcoef(preds, target), expected, rtol=1e-4)


def test_bad_input_is_rejected_without_state_change():
    good = batches(sizes=(4,))[0]
    assert_rejected(mr.KendallRankCorrCoef(), good, (torch.rand(4), torch.rand(3)), "same shape")
    assert_rejected(mr.KendallRankCorrCoef(num_outputs=2), (torch.rand(3, 2), torch.rand(3, 2)), good, "num_outputs")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"variant": "d"}, "variant"),
        ({"t_test": "yes"}, "t_test"),
        ({"t_test": True, "alternative": None}, "alternative"),
        ({"t_test": True, "alternative": "both"}, "alternative"),
        ({"num_outputs": 0}, "num_outputs"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        mr.KendallRankCorrCoef(**kwargs)


def test_constant_input_has_no_p_value():
    """A constant variable makes tau and its test statistic 0 / 0: NaN, as SciPy gives."""
    preds, target = torch.full((3, 2), 3.0), torch.zeros(3, 2)
    tau, p_value = mf.kendall_rank_corrcoef(preds, target, t_test=True)
    expected = kendalltau(preds[:, 0].numpy(), target[:, 0].numpy(), method="asymptotic")
    assert np.isnan(expected.statistic)
    assert np.isnan(expected.pvalue)
    assert torch.isnan(tau).all()
    assert torch.isnan(p_value).all()


def test_variant_and_alternative_spellings():
    preds, target = batches(sizes=(10,), seed=5)[0]
    expected = kendalltau(preds.numpy(), target.numpy(), method="asymptotic", alternative="two-sided")
    for variant, alternative in (("B", "Two-Sided"), ("b", "two_sided")):
        metric = mr.KendallRankCorrCoef(variant=variant, t_test=True, alternative=alternative)
        metric.update(preds, target)
        for tau, p_value in (metric.compute(), mf.kendall_rank_corrcoef(preds, target, variant, True, alternative)):
            assert_close(tau, expected.statistic, rtol=1e-5)
            assert_close(p_value, expected.pvalue, rtol=1e-4)


def test_tau_c_dtype_promotes_both_inputs():
    preds, target = batches(sizes=(10,), seed=5)[0]
    tau = mf.kendall_rank_corrcoef(preds.half(), target, variant="c")
    assert tau.dtype == torch.float32
    assert_close(tau, kendalltau(preds.half().numpy(), target.numpy(), variant="c").statistic, rtol=1e-5)
