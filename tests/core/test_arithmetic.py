"""Metric arithmetic: every operator of the seeds, with metrics, tensors, ints and floats on either side."""

from __future__ import annotations

import operator
import pickle

import pytest
import torch
from metrics_core import CompositionalMetric, Metric


class Holder(Metric):
    """Computes the last tensor it was given (its 'value' keyword argument is optional)."""

    full_state_update = False

    def __init__(self, initial):
        super().__init__()
        self.add_state("value", default=torch.as_tensor(initial), dist_reduce_fx=None)

    def update(self, x=None, *, scale=None):
        if x is not None:
            self.value = x * (1 if scale is None else scale)

    def compute(self):
        return self.value


class OnlyX(Metric):
    """An update without the `scale` keyword: the composition must not pass it."""

    full_state_update = False

    def __init__(self):
        super().__init__()
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, x):
        self.total += x.sum()

    def compute(self):
        return self.total


BINARY = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
BITWISE = {"and": operator.and_, "or": operator.or_, "xor": operator.xor}

pytestmark = pytest.mark.filterwarnings("ignore:The `compute` method:UserWarning")

A_VALUE = torch.tensor([5.0, -3.0, 2.5])
B_VALUE = torch.tensor([2.0, 4.0, -1.5])


@pytest.mark.parametrize("op", list(BINARY.values()), ids=list(BINARY))
@pytest.mark.parametrize("other_kind", ["metric", "tensor", "int", "float"])
def test_binary_operators(op, other_kind):
    a = Holder(A_VALUE)
    other = {
        "metric": Holder(B_VALUE),
        "tensor": B_VALUE,
        "int": 2,
        "float": 1.5,
    }[other_kind]
    plain_other = B_VALUE if other_kind in ("metric", "tensor") else other
    composed = op(a, other)
    assert isinstance(composed, CompositionalMetric)
    torch.testing.assert_close(composed.compute(), op(A_VALUE, plain_other), equal_nan=True)
    if other_kind != "metric":
        reflected = op(other, a)
        assert isinstance(reflected, CompositionalMetric)
        torch.testing.assert_close(reflected.compute(), op(plain_other, A_VALUE), equal_nan=True)


@pytest.mark.parametrize("op", list(BITWISE.values()), ids=list(BITWISE))
@pytest.mark.parametrize("other_kind", ["metric", "tensor", "int"])
def test_bitwise_operators(op, other_kind):
    a_value, b_value = torch.tensor([1, 0, 6]), torch.tensor([3, 1, 5])
    a = Holder(a_value)
    other = {"metric": Holder(b_value), "tensor": b_value, "int": 3}[other_kind]
    plain_other = 3 if other_kind == "int" else b_value
    torch.testing.assert_close(op(a, other).compute(), op(a_value, plain_other))
    if other_kind != "metric":
        torch.testing.assert_close(op(other, a).compute(), op(plain_other, a_value))


def test_matmul_both_ways():
    a_value, b_value = torch.randn(3, 3), torch.randn(3, 3)
    a = Holder(a_value)
    torch.testing.assert_close((a @ Holder(b_value)).compute(), a_value @ b_value)
    torch.testing.assert_close((a @ b_value).compute(), a_value @ b_value)
    torch.testing.assert_close((b_value @ a).compute(), b_value @ a_value)


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        (abs, A_VALUE.abs()),
        (operator.neg, -A_VALUE),
        (operator.pos, A_VALUE),
    ],
    ids=["abs", "neg", "pos"],
)
def test_unary_operators(op, expected):
    torch.testing.assert_close(op(Holder(A_VALUE)).compute(), expected)


def test_invert_and_indexing():
    flags = torch.tensor([True, False, True])
    assert torch.equal((~Holder(flags)).compute(), ~flags)
    torch.testing.assert_close(Holder(A_VALUE)[1].compute(), A_VALUE[1])
    torch.testing.assert_close(Holder(torch.arange(6.0).reshape(2, 3))[:, 1].compute(), torch.tensor([1.0, 4.0]))


def test_update_feeds_each_operand_only_the_keywords_it_accepts():
    scaled, plain = Holder(0.0), OnlyX()
    composed = scaled + plain
    composed.update(torch.tensor([1.0, 2.0]), scale=10)
    torch.testing.assert_close(scaled.compute(), torch.tensor([10.0, 20.0]))
    assert plain.compute() == 3
    torch.testing.assert_close(composed.compute(), torch.tensor([13.0, 23.0]))


def test_forward_returns_operator_on_batch_values_and_accumulates():
    first, second = OnlyX(), OnlyX()
    composed = first * 2 - second
    assert composed(torch.tensor([1.0, 2.0])) == 3
    assert composed(torch.tensor([4.0])) == 4
    assert composed.compute() == 7
    composed.reset()
    assert first.total == 0
    assert second.total == 0


def test_nested_composition_and_pickle():
    composed = (OnlyX() + 1) * (OnlyX() ** 2)
    composed.update(torch.tensor([2.0]))
    assert composed.compute() == 12
    restored = pickle.loads(pickle.dumps(composed))
    assert restored.compute() == 12


def test_comparison_returns_a_metric_not_a_bool():
    a, b = OnlyX(), OnlyX()
    composed = a == b
    assert isinstance(composed, CompositionalMetric)
    assert a in {a, b}


def test_tensor_operands_move_with_the_composition():
    composed = OnlyX() + torch.tensor(1.0)
    composed.double()
    assert composed.metric_a.total.dtype == torch.float64


def test_unsupported_operand_type_is_rejected():
    with pytest.raises(TypeError, match="str"):
        OnlyX() + "a"
