"""MetricCollection: building, naming, keyword routing, compute groups in update AND forward, copies and moves."""

from __future__ import annotations

import copy
import io
import pickle

import numpy as np
import pytest
import torch
from metric_harness import assert_close, to_numpy
from metrics_core import MeanMetric, MetricCollection, SumMetric
from metrics_core.wrappers import ClasswiseWrapper, Running
from stat_metrics import (
    Accuracy,
    MacroF1,
    MeanSquaredError,
    Precision,
    Recall,
    Specificity,
    StatScores,
    WeightedMean,
    np_reference,
)


def labels(n: int = 20, num_classes: int = 3, device: torch.device | str = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
    return torch.randint(num_classes, (n,), device=device), torch.randint(num_classes, (n,), device=device)


def stat_collection(**kwargs) -> MetricCollection:
    return MetricCollection([Precision(), Recall(), Specificity(), MacroF1(), MeanSquaredError()], **kwargs)


def shares_states(first, second) -> bool:
    return all(first.__dict__[name] is second.__dict__[name] for name in first._defaults)


# ------------------------------------------------------------------ building and naming
def test_keys_from_a_sequence_of_metrics_are_class_names_in_order():
    metrics = MetricCollection([Precision(), Recall()], prefix="val_", postfix="_x")
    assert list(metrics.keys()) == ["val_Precision_x", "val_Recall_x"]
    assert list(metrics.keys(keep_base=True)) == ["Precision", "Recall"]
    assert list(metrics) == ["val_Precision_x", "val_Recall_x"]
    assert len(metrics) == 2
    assert "Precision" in metrics
    assert metrics["val_Precision_x"] is metrics["Precision"]
    assert [key for key, _ in metrics.items()] == ["val_Precision_x", "val_Recall_x"]
    assert [key for key, _ in metrics.items(keep_base=True)] == ["Precision", "Recall"]
    assert [type(metric) for metric in metrics.values()] == [Precision, Recall]


def test_single_metric_and_extra_positional_metrics():
    assert list(MetricCollection(Precision()).keys()) == ["Precision"]
    assert list(MetricCollection(Precision(), Recall(), MeanSquaredError()).keys()) == [
        "Precision",
        "Recall",
        "MeanSquaredError",
    ]
    with pytest.warns(UserWarning, match="ignores the extra arguments"):
        metrics = MetricCollection([Precision()], Recall(), "not a metric")
    assert list(metrics.keys()) == ["Precision", "Recall"]


def test_dict_keys_are_sorted():
    metrics = MetricCollection({"b_recall": Recall(), "a_precision": Precision()})
    assert list(metrics.keys()) == ["a_precision", "b_recall"]
    preds, target = labels()
    out = metrics(preds, target)
    assert list(out) == ["a_precision", "b_recall"]


def test_nested_collections_keep_their_prefix_and_postfix():
    metrics = MetricCollection(
        [
            MetricCollection([Precision(), Recall()], postfix="_macro"),
            MetricCollection([Precision(), Recall()], prefix="micro_"),
        ],
        prefix="valmetrics/",
    )
    assert list(metrics.keys(keep_base=True)) == ["Precision_macro", "Recall_macro", "micro_Precision", "micro_Recall"]
    preds, target = labels()
    out = metrics(preds, target)
    assert list(out) == [
        "valmetrics/Precision_macro",
        "valmetrics/Recall_macro",
        "valmetrics/micro_Precision",
        "valmetrics/micro_Recall",
    ]
    assert_close(out["valmetrics/Precision_macro"], np_reference("Precision", *to_numpy((preds, target))))


def test_nested_collection_in_a_dict_and_as_the_only_argument():
    inner = MetricCollection([Precision(), Recall()], prefix="in_")
    metrics = MetricCollection({"outer": inner})
    assert list(metrics.keys()) == ["outer_in_Precision", "outer_in_Recall"]
    assert list(MetricCollection(MetricCollection([Precision()], prefix="p_")).keys()) == ["p_Precision"]


def test_classwise_outputs_are_flattened_and_nested_affixes_apply_to_them():
    metrics = MetricCollection(
        [
            MetricCollection([ClasswiseWrapper(Precision(), labels=["a", "b", "c"])], prefix="pre_"),
            MeanSquaredError(),
        ]
    )
    preds, target = labels()
    out = metrics(preds, target)
    assert list(out) == ["pre_precision_a", "pre_precision_b", "pre_precision_c", "MeanSquaredError"]
    expected = np_reference("Precision", *to_numpy((preds, target)))
    assert_close([out[f"pre_precision_{c}"] for c in "abc"], list(expected))


def test_duplicate_keys_of_dict_outputs_get_the_metric_name():
    metrics = MetricCollection({"first": ClasswiseWrapper(Precision()), "second": ClasswiseWrapper(Precision())})
    out = metrics(*labels())
    assert list(out) == [f"{name}_precision_{index}" for name in ("first", "second") for index in range(3)]


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: MetricCollection([Precision(), Precision()]), "both named 'Precision'"),
        (lambda: MetricCollection([MetricCollection([Recall()]), Recall()]), "both named 'Recall'"),
        (lambda: MetricCollection({"a": Precision(), "b": "nope"}), "key 'b' is not a Metric"),
        (lambda: MetricCollection([Precision(), 3]), "Input 3 to MetricCollection"),
        (lambda: MetricCollection(3), "got int"),
        (lambda: MetricCollection({"a": Precision()}, Recall()), "Extra positional arguments"),
        (lambda: MetricCollection([Precision()], prefix=3), "`prefix` must be a string"),
        (lambda: MetricCollection([Precision()], postfix=3), "`postfix` must be a string"),
        (lambda: MetricCollection([Precision()], compute_groups="yes"), "`compute_groups` must be a bool"),
        (lambda: MetricCollection([Precision()], compute_groups=[["Recall"]]), "'Recall' of `compute_groups`"),
        (
            lambda: MetricCollection([Precision(), Recall()], compute_groups=[["Precision"], ["Precision"]]),
            "several of the `compute_groups`",
        ),
        (
            lambda: MetricCollection(
                [Precision(), MeanSquaredError()], compute_groups=[["Precision", "MeanSquaredError"]]
            ),
            "cannot form a compute group",
        ),
        (
            lambda: MetricCollection(
                {"a": Running(SumMetric()), "b": Running(SumMetric())}, compute_groups=[["a", "b"]]
            ),
            "cannot share states",
        ),
    ],
)
def test_bad_arguments_raise_named_errors(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_the_same_instance_twice_is_rejected():
    metric = Precision()
    with pytest.raises(ValueError, match="same Precision instance is given twice"):
        MetricCollection({"a": metric, "b": metric})


def test_add_metrics_after_updates_forms_groups_again(device):
    metrics = MetricCollection([Precision(), Recall()]).to(device)
    reference = MetricCollection([Precision(), Recall(), Specificity()], compute_groups=False).to(device)
    first = labels(device=device)
    metrics.update(*first)
    reference["Precision"].update(*first)
    reference["Recall"].update(*first)
    metrics.add_metrics({"Specificity": Specificity().to(device)})
    assert metrics.compute_groups == {0: ["Precision"], 1: ["Recall"], 2: ["Specificity"]}
    for _ in range(3):
        batch = labels(device=device)
        metrics.update(*batch)
        reference.update(*batch)
    assert metrics.compute_groups == {0: ["Precision", "Recall"], 1: ["Specificity"]}
    assert_close(metrics.compute(), reference.compute())


# --------------------------------------------------------------------- keyword routing
def test_keyword_arguments_go_to_the_metrics_that_accept_them(device):
    metrics = MetricCollection([WeightedMean(), MeanSquaredError()]).to(device)
    preds = torch.tensor([1.0, 2.0, 3.0], device=device)
    target = torch.tensor([1.0, 1.0, 1.0], device=device)
    weight = torch.tensor([1.0, 0.0, 1.0], device=device)
    out = metrics(preds, target, sample_weight=weight)
    assert_close(out, {"WeightedMean": 2.0, "MeanSquaredError": 5 / 3})
    metrics.update(preds, target=target, sample_weight=weight)
    assert_close(metrics.compute(), {"WeightedMean": 2.0, "MeanSquaredError": 5 / 3})


# -------------------------------------------------------------------- compute groups
def test_groups_are_found_after_the_first_update():
    metrics = stat_collection()
    assert metrics.compute_groups == {index: [key] for index, key in enumerate(metrics.keys(keep_base=True))}
    metrics.update(*labels())
    assert metrics.compute_groups == {
        0: ["Precision", "Recall", "Specificity", "MacroF1"],
        1: ["MeanSquaredError"],
    }
    leader = metrics._modules["Precision"]
    for key in ("Recall", "Specificity", "MacroF1"):
        assert shares_states(leader, metrics._modules[key])


def test_groups_are_found_after_the_first_forward_too():
    metrics = stat_collection()
    metrics(*labels())
    assert metrics.compute_groups == {0: ["Precision", "Recall", "Specificity", "MacroF1"], 1: ["MeanSquaredError"]}


class ShiftedPrecision(Precision):
    """States like Precision's, but counted on labels shifted by ``shift``: equal to them only by coincidence."""

    def __init__(self, shift: int = 0, group_key: bool = False) -> None:
        super().__init__()
        self.shift = shift
        if group_key:
            self._compute_group_key = (self.num_classes, shift)

    def update(self, preds: torch.Tensor, target: torch.Tensor) -> None:
        super().update((preds + self.shift) % self.num_classes, (target + self.shift) % self.num_classes)


def test_states_equal_by_coincidence_on_the_first_batch_are_split_at_the_second():
    metrics = MetricCollection({"plain": ShiftedPrecision(0), "shifted": ShiftedPrecision(1)})
    uniform = torch.tensor([0, 1, 2, 0, 1, 2])  # shifting the classes of this batch changes no count
    metrics.update(uniform, uniform)
    assert metrics.compute_groups == {0: ["plain", "shifted"]}
    metrics.update(*labels())
    assert metrics.compute_groups == {0: ["plain"], 1: ["shifted"]}
    assert not shares_states(metrics._modules["plain"], metrics._modules["shifted"])


def test_a_compute_group_key_keeps_metrics_apart_whatever_their_states():
    metrics = MetricCollection(
        {
            "one": ShiftedPrecision(1, group_key=True),
            "four": ShiftedPrecision(4, group_key=True),
            "four again": ShiftedPrecision(4, group_key=True),
        }
    )
    uniform = torch.tensor([0, 1, 2, 0, 1, 2])  # equal states for all three
    metrics.update(uniform, uniform)
    assert metrics.compute_groups == {0: ["four", "four again"], 1: ["one"]}


def test_metrics_that_count_with_different_code_never_share_states():
    """Shifting by a multiple of the classes changes nothing, yet other code may differ on the next batch."""
    metrics = MetricCollection({"shifted": ShiftedPrecision(3), "p": Precision()})
    for _ in range(3):
        metrics.update(*labels())
    assert sorted(metrics.compute_groups.values()) == [["p"], ["shifted"]]


def test_compute_groups_false_keeps_every_metric_on_its_own():
    metrics = stat_collection(compute_groups=False)
    metrics.update(*labels())
    assert metrics.compute_groups == {}
    assert not shares_states(metrics._modules["Precision"], metrics._modules["Recall"])


def test_manual_groups_are_used_from_the_first_update():
    metrics = MetricCollection(
        Recall(), Precision(), MeanSquaredError(), compute_groups=[["Recall", "Precision"], ["MeanSquaredError"]]
    )
    assert metrics.compute_groups == {0: ["Recall", "Precision"], 1: ["MeanSquaredError"]}
    StatScores.update_calls = 0
    metrics.update(*labels())
    assert StatScores.update_calls == 1
    assert shares_states(metrics._modules["Recall"], metrics._modules["Precision"])


def test_metrics_left_out_of_manual_groups_get_their_own():
    metrics = MetricCollection([Recall(), Precision(), MeanSquaredError()], compute_groups=[["Recall", "Precision"]])
    assert metrics.compute_groups == {0: ["Recall", "Precision"], 1: ["MeanSquaredError"]}


@pytest.mark.parametrize("method", ["update", "forward"])
def test_the_shared_update_runs_once_per_batch_per_group(method):
    metrics = MetricCollection([Precision(), Recall(), Specificity(), MacroF1()])
    call = metrics.update if method == "update" else metrics
    call(*labels())  # the first call updates every metric, then finds the groups
    call(*labels())  # the second one updates every metric again, to confirm them
    StatScores.update_calls = 0
    for _ in range(5):
        call(*labels())
    assert StatScores.update_calls == 5


@pytest.mark.parametrize("mode", ["update", "forward", "mixed"])
def test_results_are_identical_with_groups_on_and_off(mode, device):
    members = [Precision, Recall, Specificity, MacroF1, Accuracy, MeanSquaredError]
    grouped = MetricCollection([m() for m in members]).to(device)
    alone = MetricCollection([m() for m in members], compute_groups=False).to(device)
    for step in range(12):
        batch = labels(int(torch.randint(1, 30, ())), device=device)
        if step == 7:
            grouped.reset()
            alone.reset()
        if mode == "forward" or (mode == "mixed" and step % 2):
            assert_close(grouped(*batch), alone(*batch), where=f"forward, step {step}")
        else:
            grouped.update(*batch)
            alone.update(*batch)
        assert_close(grouped.compute(), alone.compute(), where=f"compute, step {step}")
    assert len(grouped.compute_groups) == 2


def test_forward_values_and_compute_against_numpy(device):
    metrics = stat_collection().to(device)
    batches = [labels(25, device=device) for _ in range(4)]
    for preds, target in batches:
        out = metrics(preds, target)
        for name, value in out.items():
            assert_close(value, np_reference(name, *to_numpy((preds, target))), where=name)
    everything = to_numpy((torch.cat([b[0] for b in batches]), torch.cat([b[1] for b in batches])))
    for name, value in metrics.compute().items():
        assert_close(value, np_reference(name, *everything), where=name)
    for key in ("Recall", "Specificity", "MacroF1"):
        assert shares_states(metrics._modules["Precision"], metrics._modules[key])
        assert metrics._modules[key].update_count == 4


def test_forward_keeps_gradients_of_differentiable_members():
    class DifferentiableSquaredError(MeanSquaredError):
        is_differentiable = True

    class HalfSquaredError(DifferentiableSquaredError):
        def compute(self):
            return self.sum_squared_error / self.total / 2

    metrics = MetricCollection([DifferentiableSquaredError(), HalfSquaredError()])
    metrics(torch.ones(3), torch.zeros(3))
    preds = torch.ones(3, requires_grad=True)
    out = metrics(preds, torch.zeros(3))
    assert out["DifferentiableSquaredError"].requires_grad
    assert out["HalfSquaredError"].requires_grad
    assert not metrics._modules["DifferentiableSquaredError"].sum_squared_error.requires_grad


def test_a_failing_update_leaves_every_state_unchanged():
    metrics = stat_collection()
    metrics.update(*labels())
    metrics.update(*labels())
    before = copy.deepcopy(metrics.metric_state)
    bad_target = torch.full((20,), 7)
    for call in (metrics.update, metrics):
        with pytest.raises(ValueError, match="`target` must hold labels"):
            call(torch.zeros(20, dtype=torch.long), bad_target)
        assert_close(metrics.metric_state, before)
    assert shares_states(metrics._modules["Precision"], metrics._modules["Recall"])


def test_reset_relinks_and_keeps_the_groups():
    metrics = stat_collection()
    metrics.update(*labels())
    metrics.reset()
    assert shares_states(metrics._modules["Precision"], metrics._modules["MacroF1"])
    assert int(metrics._modules["MacroF1"].tp.sum()) == 0
    preds, target = labels()
    metrics.update(preds, target)
    assert_close(metrics.compute()["Recall"], np_reference("Recall", *to_numpy((preds, target))))


def test_items_give_members_their_own_copy_until_the_next_update():
    metrics = stat_collection()
    metrics.update(*labels())
    metrics.update(*labels())
    precision = metrics["Precision"]
    recall = metrics["Recall"]
    assert not shares_states(precision, recall)
    assert torch.equal(precision.tp, recall.tp)
    recall.update(*labels())  # updating one member alone leaves the others alone
    assert not torch.equal(precision.tp, recall.tp)
    metrics.update(*labels())
    assert shares_states(metrics._modules["Precision"], metrics._modules["Recall"])
    assert shares_states(metrics._modules["Precision"], metrics.__getitem__("Recall", copy_state=False))


def test_state_dict_round_trip_relinks_the_groups(tmp_path):
    metrics = stat_collection()
    metrics.persistent(True)
    for _ in range(3):
        metrics.update(*labels())
    path = tmp_path / "metrics.pt"
    torch.save(metrics.state_dict(), path)
    assert "Recall.tp" in metrics.state_dict()

    loaded = stat_collection(compute_groups=[["Precision", "Recall", "Specificity", "MacroF1"]])
    loaded.persistent(True)
    loaded.load_state_dict(torch.load(path, weights_only=True))
    assert loaded.compute_groups == {0: ["Precision", "Recall", "Specificity", "MacroF1"], 1: ["MeanSquaredError"]}
    assert shares_states(loaded._modules["Precision"], loaded._modules["MacroF1"])
    with pytest.warns(UserWarning, match="called before the `update`"):  # loading restores states, not counts
        assert_close(loaded.compute(), metrics.compute())


def test_loading_different_states_splits_the_group():
    source = stat_collection(compute_groups=False)
    source.persistent(True)
    source.update(*labels())
    source["Recall"].update(*labels())
    target = stat_collection()
    target.persistent(True)
    target.update(*labels())
    target.load_state_dict(source.state_dict())
    assert target.compute_groups == {0: ["Precision", "Specificity", "MacroF1"], 1: ["Recall"], 2: ["MeanSquaredError"]}
    assert_close(target.compute(), source.compute())
    assert not shares_states(target._modules["Precision"], target._modules["Recall"])


def test_to_and_set_dtype_relink_the_groups(device):
    metrics = MetricCollection({"a": MeanSquaredError(), "b": MeanSquaredError()})
    metrics.update(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 0.0]))
    metrics.to(device)
    assert shares_states(metrics._modules["a"], metrics._modules["b"])
    assert metrics._modules["b"].sum_squared_error.device.type == device.type
    metrics.set_dtype(torch.float64)
    assert metrics._modules["b"].sum_squared_error.dtype == torch.float64
    assert shares_states(metrics._modules["a"], metrics._modules["b"])
    metrics.double()
    assert shares_states(metrics._modules["a"], metrics._modules["b"])
    assert_close(metrics.compute(), {"a": 2.5, "b": 2.5})


def test_a_collection_inside_a_module_moves_with_it(device):
    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.linear = torch.nn.Linear(2, 2)
            self.metrics = MetricCollection([Precision(), Recall()])

    model = Model()
    model.metrics.update(*labels())
    model.to(device)
    assert model.metrics._modules["Precision"].device.type == device.type
    assert shares_states(model.metrics._modules["Precision"], model.metrics._modules["Recall"])
    model.metrics.update(*labels(device=device))


def test_clone_copies_and_renames():
    metrics = stat_collection(prefix="train_")
    metrics.update(*labels())
    clone = metrics.clone(prefix="val_", postfix="_epoch")
    assert next(iter(clone.keys())) == "val_Precision_epoch"
    assert next(iter(metrics.keys())) == "train_Precision"
    assert shares_states(clone._modules["Precision"], clone._modules["Recall"])
    assert not shares_states(clone._modules["Precision"], metrics._modules["Precision"])
    assert next(iter(metrics.clone().keys())) == "train_Precision"
    clone.update(*labels())
    assert clone._modules["Precision"].update_count == 2
    assert metrics._modules["Precision"].update_count == 1


def test_collection_sent_through_torch_multiprocessing_keeps_groups_but_not_the_parents_memory():
    from multiprocessing.reduction import ForkingPickler

    import torch.multiprocessing  # noqa: F401  (registers the shared-memory tensor reducers)

    metrics = stat_collection()
    metrics.update(*labels())
    expected = metrics.compute()
    child = pickle.loads(ForkingPickler.dumps(metrics))
    assert shares_states(child._modules["Precision"], child._modules["Recall"])
    child.update(*labels())
    assert_close(metrics.compute(), expected)
    assert child._modules["Recall"].update_count == 2


def test_pickle_and_deepcopy_keep_the_shared_states():
    metrics = stat_collection()
    metrics.update(*labels())
    for copied in (pickle.loads(pickle.dumps(metrics)), copy.deepcopy(metrics)):
        assert shares_states(copied._modules["Precision"], copied._modules["Recall"])
        assert_close(copied.compute(), metrics.compute())
        copied.update(*labels())


def test_metric_state_and_repr():
    metrics = MetricCollection([SumMetric(), MeanMetric()], prefix="p_", postfix="_q")
    metrics.update(torch.tensor([1.0, 3.0]))
    assert_close(
        metrics.metric_state,
        {"p_SumMetric_q": {"sum_value": 4.0}, "p_MeanMetric_q": {"mean_value": 4.0, "weight": 2.0}},
    )
    text = repr(metrics)
    assert text.startswith("MetricCollection(")
    assert "prefix=p_" in text
    assert "postfix=_q" in text


def test_state_dict_of_the_wrapped_module_can_be_saved_and_loaded_with_weights_only():
    metrics = stat_collection()
    metrics.persistent(True)
    metrics.update(*labels())
    buffer = io.BytesIO()
    torch.save(metrics.state_dict(), buffer)
    buffer.seek(0)
    state = torch.load(buffer, weights_only=True)
    assert np.array_equal(state["MacroF1.tp"].numpy(), metrics._modules["Precision"].tp.numpy())
