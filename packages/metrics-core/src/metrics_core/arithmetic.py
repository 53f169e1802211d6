"""Arithmetic on metrics: ``metric_a + metric_b``, ``metric * 2``, ``abs(metric)``, ``metric[0]``...

Every operator returns a :class:`CompositionalMetric` that updates its operands and applies the
operator to their values. The operators are generated from the tables below.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from torch import Tensor

if TYPE_CHECKING:
    from metrics_core.metric import Metric

_BINARY_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "matmul": operator.matmul,
    "and": operator.and_,
    "or": operator.or_,
    "xor": operator.xor,
}
_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
_UNARY_OPERATORS: dict[str, Callable[[Any], Any]] = {
    "abs": operator.abs,
    "invert": operator.invert,
    "neg": operator.neg,
    "pos": operator.pos,
}


def _make_operator(function: Callable, reflected: bool = False) -> Callable[[Metric, Any], CompositionalMetric]:
    if reflected:
        return lambda self, other: CompositionalMetric(function, other, self)
    return lambda self, other: CompositionalMetric(function, self, other)


def _make_unary(function: Callable) -> Callable[[Metric], CompositionalMetric]:
    return lambda self: CompositionalMetric(function, self, None)


def _getitem(self: Metric, index: Any) -> CompositionalMetric:
    return CompositionalMetric(operator.itemgetter(index), self, None)


def attach_operators(metric_class: type) -> None:
    """Give ``metric_class`` every arithmetic, comparison, bitwise and unary operator, plus indexing."""
    for name, function in _BINARY_OPERATORS.items():
        dunder = name.rstrip("_")
        setattr(metric_class, f"__{dunder}__", _make_operator(function))
        setattr(metric_class, f"__r{dunder}__", _make_operator(function, reflected=True))
    for name, function in _COMPARISONS.items():
        setattr(metric_class, f"__{name}__", _make_operator(function))
    for name, function in _UNARY_OPERATORS.items():
        setattr(metric_class, f"__{name}__", _make_unary(function))
    metric_class.__getitem__ = _getitem
    metric_class.__hash__ = object.__hash__  # defining __eq__ would otherwise drop hashing


from metrics_core.metric import Metric  # noqa: E402  (metric.py imports this module at its end)


class CompositionalMetric(Metric, wrap_methods=False):
    """The result of an operator applied to metrics, tensors or numbers.

    ``update`` feeds every metric operand all positional arguments and the keyword arguments its
    own ``update`` accepts; ``compute`` applies the operator to the operands' values.

    Example:
        >>> import torch
        >>> from metrics_core import SumMetric
        >>> total = SumMetric() * 2 + 1
        >>> total.update(torch.tensor([1.0, 2.0]))
        >>> total.compute()
        tensor(7.)
    """

    full_state_update = True

    def __init__(self, operator: Callable, metric_a: Any, metric_b: Any) -> None:
        super().__init__()
        self.op = operator
        self.metric_a = _as_operand(metric_a)
        self.metric_b = _as_operand(metric_b)

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update every metric operand."""
        for operand in (self.metric_a, self.metric_b):
            if isinstance(operand, Metric):
                operand.update(*args, **operand._filter_kwargs(**kwargs))

    def compute(self) -> Any:
        """Apply the operator to the operands' computed values."""
        return self._apply_operator(_computed_value(self.metric_a), _computed_value(self.metric_b))

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` on every metric operand and apply the operator to their batch values."""
        values = []
        for operand in (self.metric_a, self.metric_b):
            if isinstance(operand, Metric):
                values.append(operand(*args, **operand._filter_kwargs(**kwargs)))
            else:
                values.append(operand)
        if any(value is None for value, operand in zip(values, (self.metric_a, self.metric_b)) if operand is not None):
            return None
        self._forward_cache = self._apply_operator(*values)
        return self._forward_cache

    def reset(self) -> None:
        """Reset every metric operand."""
        for operand in (self.metric_a, self.metric_b):
            if isinstance(operand, Metric):
                operand.reset()

    def persistent(self, mode: bool = False) -> None:
        """Set persistence of every metric operand's states."""
        for operand in (self.metric_a, self.metric_b):
            if isinstance(operand, Metric):
                operand.persistent(mode)

    @property
    def update_count(self) -> int:
        """The larger update count of the metric operands."""
        counts = [m.update_count for m in (self.metric_a, self.metric_b) if isinstance(m, Metric)]
        return max(counts, default=0)

    def _apply_operator(self, value_a: Any, value_b: Any) -> Any:
        if self.metric_b is None:
            return self.op(value_a)
        return self.op(value_a, value_b)

    def extra_repr(self) -> str:
        name = getattr(self.op, "__name__", repr(self.op))
        operands = [m for m in (self.metric_a, self.metric_b) if m is not None and not isinstance(m, Metric)]
        return f"op={name}" + "".join(f", {operand!r}" for operand in operands)


def _as_operand(value: Any) -> Any:
    if value is None or isinstance(value, (Metric, Tensor)):
        return value
    if isinstance(value, (int, float, bool)):
        return value
    raise TypeError(f"Metric arithmetic expects a Metric, tensor, int or float operand, got {type(value).__name__}")


def _computed_value(operand: Any) -> Any:
    return operand.compute() if isinstance(operand, Metric) else operand
