"""Group fairness (per-group rates, demographic parity, equal opportunity) against NumPy counts per group id."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from metric_harness import assert_close, check_metric
from metrics_classification import BinaryFairness, BinaryGroupStatRates
from metrics_classification.functional import (
    binary_fairness,
    binary_groups_stat_rates,
    demographic_parity,
    equal_opportunity,
)
from metrics_core import MetricCollection

NUM_GROUPS = 3


def group_stats(preds, target, groups, num_groups, threshold=0.5, ignore_index=None, task="all"):
    """(num_groups, 4) counts [tp, fp, tn, fn] per group id, written out with NumPy."""
    if np.issubdtype(preds.dtype, np.floating):
        if preds.min() < 0 or preds.max() > 1:
            preds = 1 / (1 + np.exp(-preds))
        preds = preds > threshold
    preds = preds.astype(bool)
    if task == "demographic_parity":  # predictions only
        target, ignore_index = np.zeros(preds.shape, int), None
    if groups.size != preds.size:
        groups = np.broadcast_to(groups.reshape(-1, *[1] * (preds.ndim - 1)), preds.shape)
    preds, target, groups = preds.ravel(), target.ravel(), groups.ravel()
    kept = np.ones(target.shape, bool) if ignore_index is None else target != ignore_index
    stats = np.zeros((num_groups, 4), int)
    for group in range(num_groups):
        p, t = preds[kept & (groups == group)], target[kept & (groups == group)]
        stats[group] = [np.sum(p & (t == 1)), np.sum(p & (t == 0)), np.sum(~p & (t == 0)), np.sum(~p & (t == 1))]
    return stats


def present(groups, num_groups, every_group):
    return list(range(num_groups)) if every_group else np.unique(groups).tolist()


def rates_reference(num_groups, threshold=0.5, ignore_index=None, every_group=True):
    def expected(preds, target, groups):
        stats = group_stats(preds, target, groups, num_groups, threshold, ignore_index)
        with np.errstate(invalid="ignore"):
            rates = stats / stats.sum(1, keepdims=True)
        return {f"group_{group}": rates[group] for group in present(groups, num_groups, every_group)}

    return expected


def ratio(name, rates, ids):
    low, high = int(np.argmin(rates)), int(np.argmax(rates))
    value = rates[low] / rates[high] if rates[high] else 0.0
    return {f"{name}_{ids[low]}_{ids[high]}": value}


def fairness_reference(num_groups, task="all", threshold=0.5, ignore_index=None, every_group=True):
    def expected(preds, target, groups):
        ids = present(groups, num_groups, every_group)
        tp, fp, tn, fn = group_stats(preds, target, groups, num_groups, threshold, ignore_index, task)[ids].T
        total, positives = tp + fp + tn + fn, tp + fn
        result = {}
        if task in ("demographic_parity", "all"):
            result.update(ratio("DP", np.where(total > 0, (tp + fp) / np.maximum(total, 1), 0.0), ids))
        if task in ("equal_opportunity", "all"):
            result.update(ratio("EO", np.where(positives > 0, tp / np.maximum(positives, 1), 0.0), ids))
        return result

    return expected


def batches(
    sizes=(12, 30, 7), extra=(), kind="probs", ignore_index=None, per_entry=False, every_group=True, num_groups=3
):
    out = []
    for size in sizes:
        shape = (size, *extra)
        preds = {
            "probs": lambda shape: torch.rand(shape),
            "logits": lambda shape: torch.randn(shape) * 3,
            "labels": lambda shape: torch.randint(0, 2, shape),
        }[kind](shape)
        target = torch.randint(0, 2, shape)
        if ignore_index is not None:
            target = torch.where(torch.rand(shape) < 0.2, ignore_index, target)
        groups = torch.randint(0, num_groups, shape if per_entry else (size,))
        if every_group:
            groups.view(-1)[:num_groups] = torch.arange(num_groups)
        else:  # the last group appears in no batch but the second, the first in no batch but the first
            groups = groups.clamp(1, num_groups - 2) if len(out) != 1 else groups.clamp(1)
            groups.view(-1)[0] = 0 if not out else groups.view(-1)[0]
        out.append((preds, target, groups))
    return out


@pytest.mark.parametrize(
    ("extra", "kind", "ignore_index", "per_entry", "threshold"),
    [
        ((), "probs", None, False, 0.5),
        ((), "logits", -1, False, 0.3),
        ((), "labels", 0, False, 0.5),
        ((4,), "probs", None, False, 0.7),
        ((2, 3), "logits", 1, True, 0.5),
    ],
)
def test_group_stat_rates(extra, kind, ignore_index, per_entry, threshold, device):
    kwargs = {"threshold": threshold, "ignore_index": ignore_index}
    check_metric(
        lambda: BinaryGroupStatRates(NUM_GROUPS, **kwargs),
        batches(extra=extra, kind=kind, ignore_index=ignore_index, per_entry=per_entry),
        rates_reference(NUM_GROUPS, **kwargs),
        functional=lambda p, t, g: binary_groups_stat_rates(p, t, g, NUM_GROUPS, **kwargs),
        device=device,
    )


@pytest.mark.parametrize("task", ["all", "demographic_parity", "equal_opportunity"])
@pytest.mark.parametrize(
    ("extra", "kind", "ignore_index", "per_entry", "threshold"),
    [
        ((), "probs", None, False, 0.5),
        ((), "logits", -1, False, 0.3),
        ((3,), "labels", 1, True, 0.5),
    ],
)
def test_fairness(task, extra, kind, ignore_index, per_entry, threshold, device):
    kwargs = {"threshold": threshold, "ignore_index": ignore_index}
    functional = {
        "all": lambda p, t, g: binary_fairness(p, t, g, "all", **kwargs),
        "demographic_parity": lambda p, t, g: demographic_parity(p, g, **kwargs),
        "equal_opportunity": lambda p, t, g: equal_opportunity(p, t, g, **kwargs),
    }[task]
    check_metric(
        lambda: BinaryFairness(NUM_GROUPS, task, **kwargs),
        batches(extra=extra, kind=kind, ignore_index=ignore_index, per_entry=per_entry, num_groups=NUM_GROUPS),
        fairness_reference(NUM_GROUPS, task, **kwargs),
        functional=functional,
        device=device,
    )


@pytest.mark.parametrize("num_groups", [4, 5])
def test_groups_are_matched_by_id(num_groups, device):
    """A batch that lacks a group adds nothing to it; the others keep their ids."""
    data = batches(every_group=False, num_groups=num_groups)
    assert any(len(torch.unique(groups)) < num_groups for _, _, groups in data)
    check_metric(
        lambda: BinaryGroupStatRates(num_groups),
        data,
        rates_reference(num_groups),
        device=device,
    )
    check_metric(lambda: BinaryFairness(num_groups), data, fairness_reference(num_groups), device=device)
    for preds, target, groups in data:  # functional forms: the groups present, keyed by id
        preds, target, groups = preds.to(device), target.to(device), groups.to(device)
        arrays = (preds.cpu().numpy(), target.cpu().numpy(), groups.cpu().numpy())
        assert_close(
            binary_groups_stat_rates(preds, target, groups, num_groups),
            rates_reference(num_groups, every_group=False)(*arrays),
        )
        assert_close(binary_fairness(preds, target, groups), fairness_reference(num_groups, every_group=False)(*arrays))


def test_empty_groups_and_zero_rates():
    """A group never seen has NaN rates and rate 0 in the ratios; no positive prediction anywhere gives 0."""
    metric = BinaryGroupStatRates(3)
    metric.update(torch.tensor([1, 0, 1, 0]), torch.tensor([1, 1, 0, 0]), torch.tensor([0, 0, 1, 1]))
    rates = metric.compute()
    assert torch.isnan(rates["group_2"]).all()
    assert_close(rates["group_0"], [0.5, 0.0, 0.0, 0.5])
    fairness = BinaryFairness(3)
    fairness.update(torch.tensor([1, 0, 1, 0]), torch.tensor([1, 1, 0, 0]), torch.tensor([0, 0, 1, 1]))
    assert_close(fairness.compute(), {"DP_2_0": 0.0, "EO_1_0": 0.0})
    none_positive = binary_fairness(torch.zeros(4), torch.tensor([0, 1, 0, 1]), torch.tensor([0, 0, 1, 1]))
    assert_close(none_positive, {"DP_0_0": 0.0, "EO_0_0": 0.0})


def test_demographic_parity_needs_no_target():
    preds, groups = torch.tensor([0.9, 0.1, 0.8, 0.7]), torch.tensor([0, 0, 1, 1])
    metric = BinaryFairness(2, task="demographic_parity")
    metric.update(preds, None, groups)
    assert_close(metric.compute(), {"DP_0_1": 0.5})
    assert_close(binary_fairness(preds, None, groups, task="demographic_parity"), {"DP_0_1": 0.5})
    assert_close(demographic_parity(preds, groups), {"DP_0_1": 0.5})
    with pytest.raises(TypeError, match="target"):
        BinaryFairness(2).update(preds, None, groups)


def test_validate_args_false_gives_the_same_values():
    preds, target, groups = batches()[1]
    assert_close(binary_fairness(preds, target, groups, validate_args=False), binary_fairness(preds, target, groups))
    metric = BinaryGroupStatRates(NUM_GROUPS, validate_args=False)
    assert_close(metric(preds, target, groups), binary_groups_stat_rates(preds, target, groups, NUM_GROUPS))


@pytest.mark.parametrize(
    ("preds", "target", "groups", "error", "match"),
    [
        (torch.rand(4), torch.tensor([0, 1, 2, 0]), torch.tensor([0, 1, 0, 1]), ValueError, "target"),
        (torch.rand(4), torch.tensor([0, 1, 1, 0]), torch.tensor([0, 1, 0, 3]), ValueError, r"groups.*\[0, 3\)"),
        (torch.rand(4), torch.tensor([0, 1, 1, 0]), torch.tensor([0, -1, 0, 1]), ValueError, "groups"),
        (torch.rand(4), torch.tensor([0, 1, 1, 0]), torch.tensor([0.0, 1.0, 0.0, 1.0]), TypeError, "integer"),
        (torch.rand(4), torch.tensor([0, 1, 1, 0]), torch.tensor([0.0, 1.0, 0.0, 1.0]), ValueError, "dtype"),
        (torch.rand(4), torch.tensor([0, 1, 1, 0]), torch.tensor([0, 1, 0]), ValueError, "shape"),
        (torch.rand(4), torch.tensor([0, 1, 1, 0]), [0, 1, 0, 1], TypeError, "groups"),
    ],
)
def test_bad_input_leaves_state_unchanged(preds, target, groups, error, match):
    metric = BinaryFairness(NUM_GROUPS)
    metric.update(torch.rand(6), torch.randint(0, 2, (6,)), torch.tensor([0, 1, 2, 0, 1, 2]))
    state = {name: value.clone() for name, value in metric.metric_state.items()}
    with pytest.raises(error, match=match):
        metric.update(preds, target, groups)
    for name, value in metric.metric_state.items():
        assert torch.equal(value, state[name])


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: BinaryFairness(1), "num_groups"),
        (lambda: BinaryFairness(2.0), "num_groups"),
        (lambda: BinaryFairness(2, task="parity"), "task"),
        (lambda: BinaryGroupStatRates(2, threshold=2.0), "threshold"),
        (lambda: BinaryGroupStatRates(2, ignore_index="x"), "ignore_index"),
        (lambda: binary_fairness(torch.rand(3), torch.zeros(3), torch.zeros(3, dtype=torch.long), task="x"), "task"),
    ],
)
def test_bad_arguments(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_state_is_constant_size_and_sums_across_processes():
    metric = BinaryFairness(NUM_GROUPS)
    assert metric.metric_state["confmat"].shape == (NUM_GROUPS, 2, 2)
    for preds, target, groups in batches(sizes=(50, 60, 70)):
        metric.update(preds, target, groups)
    assert metric.metric_state["confmat"].shape == (NUM_GROUPS, 2, 2)
    assert metric._reductions["confmat"] == "sum"


def test_collection_and_registry():
    from metrics_core import registry

    assert registry.get("BinaryFairness") is BinaryFairness
    assert registry.get("BinaryGroupStatRates") is BinaryGroupStatRates
    preds, target, groups = batches()[0]
    collection = MetricCollection({"fair": BinaryFairness(NUM_GROUPS), "rates": BinaryGroupStatRates(NUM_GROUPS)})
    expected = {
        **binary_fairness(preds, target, groups),
        **binary_groups_stat_rates(preds, target, groups, NUM_GROUPS),
    }
    assert_close(collection(preds, target, groups), expected)  # dict values are flattened into the result


def test_plot_draws_one_line_per_key():
    pytest.importorskip("matplotlib")
    metric = BinaryFairness(2)
    values = [metric(torch.rand(20), torch.randint(0, 2, (20,)), torch.arange(20) % 2) for _ in range(4)]
    _, ax = metric.plot(values)
    assert {line.get_label() for line in ax.get_lines()} == {key for value in values for key in value}


def test_command_line_takes_groups_by_name(tmp_path):
    import json
    import subprocess
    import sys

    preds, target, groups = batches(sizes=(40,))[0]
    for name, tensor in (("preds", preds), ("target", target), ("groups", groups)):
        torch.save(tensor, tmp_path / f"{name}.pt")
    command = [
        sys.executable, "-m", "metrics_core.cli", "compute", "BinaryFairness", "--preds", str(tmp_path / "preds.pt"),
        "--target", str(tmp_path / "target.pt"), "--input", f"groups={tmp_path / 'groups.pt'}",
        "--arg", f"num_groups={NUM_GROUPS}", "--batch-size", "16", "--json",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert_close(json.loads(result.stdout)["value"], binary_fairness(preds, target, groups))


def test_collection_shares_counts_only_between_metrics_that_count_alike():
    preds = torch.tensor([0.9, 0.2, 0.7, 0.4, 0.8, 0.1])
    target, groups = torch.zeros(6, dtype=torch.long), torch.tensor([0, 0, 0, 1, 1, 1])
    collection = MetricCollection(
        {
            "fair": BinaryFairness(2),
            "rates": BinaryGroupStatRates(2),
            "parity": BinaryFairness(2, task="demographic_parity", ignore_index=0),  # would ignore every target
            "strict": BinaryFairness(2, threshold=0.95),
        }
    )
    for _ in range(2):  # all-negative targets: the counts agree by chance on these batches
        collection.update(preds, target, groups)
    assert sorted(map(sorted, collection.compute_groups.values())) == [["fair", "rates"], ["parity"], ["strict"]]
    positives = torch.ones(6, dtype=torch.long)
    collection.update(preds, positives, groups)
    parity = BinaryFairness(2, task="demographic_parity")
    for batch_target in (target, target, positives):
        parity.update(preds, batch_target, groups)
    (key, expected), values = next(iter(parity.compute().items())), collection.compute()
    assert_close(values[f"parity_{key}"], expected)  # keys met twice are prefixed with the metric's name
