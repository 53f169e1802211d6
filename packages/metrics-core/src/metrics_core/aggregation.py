"""Aggregation metrics: running sum, mean, max, min and concatenation of a stream of values."""

from __future__ import annotations

import math
import warnings
from typing import Any, Literal

import torch
from torch import Tensor

from metrics_core.metric import Metric
from metrics_core.states import Reduction, dim_zero_cat
from metrics_core.wrappers.running import Running

NanStrategy = Literal["error", "warn", "ignore", "disable"] | float
_NAN_STRATEGIES = ("error", "warn", "ignore", "disable")
_HOST_STRATEGIES = ("error", "warn", "disable")  # those that decide on the host (or check nothing)
_ONE = torch.ones(())


class NanInputError(ValueError, RuntimeError):
    """Raised when ``nan_strategy="error"`` and an input holds NaN."""


class BaseAggregator(Metric):
    """Shared machinery of the aggregation metrics: input casting and the ``nan_strategy``.

    ``nan_strategy`` is ``"error"`` (raise), ``"warn"`` (warn and drop NaN values), ``"ignore"``
    (drop them silently), ``"disable"`` (no check) or a float that replaces them.
    """

    is_differentiable = None
    higher_is_better = None
    full_state_update = False
    _update_merges_last = True

    def __init__(
        self,
        fn: Reduction,
        default_value: Tensor | list,
        nan_strategy: NanStrategy = "error",
        state_name: str = "value",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        is_number = isinstance(nan_strategy, (int, float)) and not isinstance(nan_strategy, bool)
        if nan_strategy not in _NAN_STRATEGIES and not is_number:
            raise ValueError(
                f"Argument `nan_strategy` must be a float or one of {list(_NAN_STRATEGIES)}, got {nan_strategy!r}"
            )
        self.nan_strategy = nan_strategy
        self.state_name = state_name
        self.add_state(state_name, default=default_value, dist_reduce_fx=fn)

    def _as_input(self, value: float | Tensor, name: str = "value") -> Tensor:
        if not isinstance(value, Tensor):
            try:
                return torch.as_tensor(value, dtype=self._dtype, device=self._device)
            except (TypeError, ValueError, RuntimeError) as err:
                raise TypeError(f"`{name}` must be a number or a tensor, got {type(value).__name__}") from err
        if value.device != self._device:
            raise ValueError(
                f"`{name}` is on {value.device} but the states of {type(self).__name__} are on {self._device};"
                " move the metric with `.to(device)`"
            )
        return value if value.dtype == self._dtype else value.to(self._dtype)

    def _has_nan(self, reduced: Tensor) -> bool:
        """Whether the inputs behind ``reduced`` (a sum, max or min of them) may hold NaN."""
        return self.nan_strategy != "disable" and math.isnan(reduced.item())

    def _on_device(self, value: Tensor) -> bool:
        """Whether NaN values are handled on the device, with no read back to the host.

        So they are off the CPU (where a read back is free) when ``nan_strategy`` needs no decision on the host:
        ``"ignore"`` or a fill value (``"disable"`` checks nothing anyway).
        """
        return value.device.type != "cpu" and self.nan_strategy not in _HOST_STRATEGIES

    def _without_nans(self, value: Tensor, neutral: float) -> Tensor:
        """``value`` with its NaN entries replaced, on the device: ignored ones by ``neutral``, else by the fill."""
        fill = neutral if self.nan_strategy == "ignore" else float(self.nan_strategy)
        return torch.where(torch.isnan(value), fill, value)

    def _drop_or_fill_nans(self, value: Tensor, weight: Tensor | None = None) -> tuple[Tensor, Tensor | None]:
        """Apply ``nan_strategy`` to the NaN entries of ``value`` (and of ``weight`` if given)."""
        nans = torch.isnan(value) if weight is None else torch.isnan(value) | torch.isnan(weight)
        if not bool(nans.any()):
            return value, weight
        if self.nan_strategy == "error":
            raise NanInputError(f"{type(self).__name__} got NaN values with nan_strategy='error'")
        if self.nan_strategy == "warn":
            warnings.warn("Encountered `nan` values in tensor. Will be removed.", UserWarning, stacklevel=4)
        if self.nan_strategy in ("warn", "ignore"):
            keep = ~nans
            return value[keep], None if weight is None else weight[keep]
        filled = torch.where(nans, torch.as_tensor(float(self.nan_strategy), dtype=value.dtype), value)
        return filled, None if weight is None else torch.where(nans, torch.ones_like(weight), weight)

    def compute(self) -> Tensor:
        """The aggregated value."""
        return getattr(self, self.state_name)


class SumMetric(BaseAggregator):
    """Sum of a stream of values.

    Example:
        >>> import torch
        >>> metric = SumMetric()
        >>> metric.update(torch.tensor([1.0, 2.0]))
        >>> metric.update(3)
        >>> metric.compute()
        tensor(6.)
    """

    sum_value: Tensor

    def __init__(self, nan_strategy: NanStrategy = "warn", **kwargs: Any) -> None:
        super().__init__("sum", torch.tensor(0.0), nan_strategy, state_name="sum_value", **kwargs)

    def update(self, value: float | Tensor) -> None:
        """Add the sum of ``value`` (any shape)."""
        value = self._as_input(value)
        if self._on_device(value):
            total = self._without_nans(value, 0.0).sum()
        else:
            total = value.sum()
            if self._has_nan(total):
                total = self._drop_or_fill_nans(value)[0].sum()
        self.sum_value.add_(total)


class MeanMetric(BaseAggregator):
    """Weighted mean of a stream of values.

    Example:
        >>> import torch
        >>> metric = MeanMetric()
        >>> metric.update(torch.tensor([1.0, 2.0]))
        >>> metric.update(torch.tensor([4.0]), weight=2.0)
        >>> metric.compute()
        tensor(2.7500)
    """

    mean_value: Tensor
    weight: Tensor

    def __init__(self, nan_strategy: NanStrategy = "warn", **kwargs: Any) -> None:
        super().__init__("sum", torch.tensor(0.0), nan_strategy, state_name="mean_value", **kwargs)
        self.add_state("weight", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, value: float | Tensor, weight: float | Tensor | None = None) -> None:
        """Add ``value`` (any shape) with ``weight`` (broadcastable to it; default 1 per element)."""
        value = self._as_input(value)
        if weight is not None:
            weight = self._as_input(weight, "weight")
            try:
                weight = torch.broadcast_to(weight, value.shape)
            except RuntimeError as err:
                raise ValueError(
                    f"`weight` of shape {tuple(weight.shape)} does not broadcast to `value` of shape"
                    f" {tuple(value.shape)}"
                ) from err
        if self._on_device(value):
            weighted_sum, weight_sum = self._sums_without_nans(value, weight)
        else:
            weighted_sum, weight_sum = self._sums(value, weight)
            if self._has_nan(weighted_sum if weight is None else weighted_sum + weight_sum):
                weighted_sum, weight_sum = self._sums(*self._drop_or_fill_nans(value, weight))
        self.mean_value.add_(weighted_sum)
        if isinstance(weight_sum, int):  # adding a tensor scaled by alpha skips wrapping a Python number
            self.weight.add_(_ONE, alpha=weight_sum)
        else:
            self.weight.add_(weight_sum)

    @staticmethod
    def _sums(value: Tensor, weight: Tensor | None) -> tuple[Tensor, Tensor | int]:
        """Weighted sum and sum of weights (the number of values when unweighted)."""
        return (value.sum(), value.numel()) if weight is None else ((value * weight).sum(), weight.sum())

    def _sums_without_nans(self, value: Tensor, weight: Tensor | None) -> tuple[Tensor, Tensor]:
        """Weighted sum and sum of weights with NaN entries (in value or weight) handled on the device.

        Ignored entries weigh 0; filled ones take the fill value and weight 1, as on the host.
        """
        nans = torch.isnan(value) if weight is None else torch.isnan(value) | torch.isnan(weight)
        weight = torch.ones_like(value) if weight is None else weight
        if self.nan_strategy == "ignore":
            value, weight = torch.where(nans, 0.0, value), torch.where(nans, 0.0, weight)
        else:
            value, weight = torch.where(nans, float(self.nan_strategy), value), torch.where(nans, 1.0, weight)
        return (value * weight).sum(), weight.sum()

    def compute(self) -> Tensor:
        """The weighted mean."""
        return self.mean_value / self.weight


class MaxMetric(BaseAggregator):
    """Maximum of a stream of values.

    Example:
        >>> import torch
        >>> metric = MaxMetric()
        >>> metric.update(torch.tensor([1.0, 3.0]))
        >>> metric.update(2.0)
        >>> metric.compute()
        tensor(3.)
    """

    max_value: Tensor

    def __init__(self, nan_strategy: NanStrategy = "warn", **kwargs: Any) -> None:
        super().__init__("max", torch.tensor(-math.inf), nan_strategy, state_name="max_value", **kwargs)

    def update(self, value: float | Tensor) -> None:
        """Keep the maximum of the running maximum and ``value`` (any shape)."""
        value = self._as_input(value)
        if value.numel() == 0:
            return
        if self._on_device(value):
            self.max_value = torch.maximum(self.max_value, self._without_nans(value, -math.inf).max())
            return
        largest = value.max()
        if self._has_nan(largest):
            value = self._drop_or_fill_nans(value)[0]
            if value.numel() == 0:
                return
            largest = value.max()
        self.max_value = torch.maximum(self.max_value, largest)


class MinMetric(BaseAggregator):
    """Minimum of a stream of values.

    Example:
        >>> import torch
        >>> metric = MinMetric()
        >>> metric.update(torch.tensor([1.0, 3.0]))
        >>> metric.update(2.0)
        >>> metric.compute()
        tensor(1.)
    """

    min_value: Tensor

    def __init__(self, nan_strategy: NanStrategy = "warn", **kwargs: Any) -> None:
        super().__init__("min", torch.tensor(math.inf), nan_strategy, state_name="min_value", **kwargs)

    def update(self, value: float | Tensor) -> None:
        """Keep the minimum of the running minimum and ``value`` (any shape)."""
        value = self._as_input(value)
        if value.numel() == 0:
            return
        if self._on_device(value):
            self.min_value = torch.minimum(self.min_value, self._without_nans(value, math.inf).min())
            return
        smallest = value.min()
        if self._has_nan(smallest):
            value = self._drop_or_fill_nans(value)[0]
            if value.numel() == 0:
                return
            smallest = value.min()
        self.min_value = torch.minimum(self.min_value, smallest)


class CatMetric(BaseAggregator):
    """Concatenation of a stream of values along dimension 0.

    Example:
        >>> import torch
        >>> metric = CatMetric()
        >>> metric.update(torch.tensor([1.0, 2.0]))
        >>> metric.update(3.0)
        >>> metric.compute()
        tensor([1., 2., 3.])
    """

    value: list[Tensor]

    def __init__(self, nan_strategy: NanStrategy = "warn", **kwargs: Any) -> None:
        super().__init__("cat", [], nan_strategy, **kwargs)

    def update(self, value: float | Tensor) -> None:
        """Append ``value``."""
        value = self._as_input(value)
        if self._on_device(value) and self.nan_strategy != "ignore":  # dropping values needs their number
            value = self._without_nans(value, math.nan)
        elif value.numel() and self._has_nan(value.sum()):
            value = self._drop_or_fill_nans(value)[0]
        if value.numel():
            self.value.append(value)

    def compute(self) -> Tensor:
        """All values seen, concatenated (an empty list when there were none)."""
        return dim_zero_cat(self.value) if self.value else self.value


class RunningMean(Running):
    """Mean over the last ``window`` updates.

    Example:
        >>> import torch
        >>> metric = RunningMean(window=2)
        >>> for value in [1.0, 2.0, 6.0]:
        ...     metric.update(torch.tensor(value))
        >>> metric.compute()
        tensor(4.)
    """

    def __init__(self, window: int = 5, nan_strategy: NanStrategy = "warn", **kwargs: Any) -> None:
        super().__init__(MeanMetric(nan_strategy=nan_strategy, **kwargs), window=window)


class RunningSum(Running):
    """Sum over the last ``window`` updates.

    Example:
        >>> import torch
        >>> metric = RunningSum(window=2)
        >>> for value in [1.0, 2.0, 6.0]:
        ...     metric.update(torch.tensor(value))
        >>> metric.compute()
        tensor(8.)
    """

    def __init__(self, window: int = 5, nan_strategy: NanStrategy = "warn", **kwargs: Any) -> None:
        super().__init__(SumMetric(nan_strategy=nan_strategy, **kwargs), window=window)
