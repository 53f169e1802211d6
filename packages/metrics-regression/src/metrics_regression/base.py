"""Common ground of the regression metric classes."""

from __future__ import annotations

import math
from typing import Any, ClassVar

import torch
from metrics_core import Metric
from torch import Tensor

from metrics_regression.functional.checks import _check_device, _float_dtype
from metrics_regression.functional.moments import (
    _merge_into,
    _merge_moments,
    _moments_accumulate,
    _moments_default,
    _moments_update,
)


class RegressionMetric(Metric):
    """A metric whose ``update`` checks its inputs and computes the batch's statistics before it touches a state."""

    full_state_update: ClassVar[bool] = False
    _update_merges_last: ClassVar[bool] = True

    def _check_device(self, preds: Tensor, target: Tensor, names: tuple[str, str] = ("preds", "target")) -> None:
        """Raise unless both inputs are on the metric's device (inputs that are no tensors are left to validation)."""
        device = self._device
        if getattr(preds, "device", device) != device or getattr(target, "device", device) != device:
            _check_device(type(self).__name__, device, preds, target, names)


class MomentsMetric(RegressionMetric):
    """A metric computed from the streaming co-moments of a few variables of each batch.

    The single state ``moments`` (see ``metrics_regression.functional.moments``) merges batches,
    ``forward`` results and processes with one exact, numerically stable formula. Subclasses give
    the variables (``_columns``) and the value (``compute``).

    Args:
        num_outputs: number of outputs; ``None`` takes it from the first batch (see ``InferredOutputsMetric``).
    """

    _num_variables: ClassVar[int] = 2
    _track_range: ClassVar[bool] = False

    def __init__(self, num_outputs: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._state_loaded = False
        self._input_dtype: torch.dtype | None = None
        self._input_is_2d = False
        default = _moments_default(num_outputs or 1, self._num_variables)
        self.add_state("moments", default=default, dist_reduce_fx=_merge_moments)

    def _validate(self, preds: Tensor, target: Tensor) -> None:
        """Raise for inputs this metric cannot take (shape checks only)."""
        raise NotImplementedError

    def _columns(self, preds: Tensor, target: Tensor) -> tuple[Tensor, ...]:
        """The variables whose co-moments the metric needs, each ``(N,)`` or ``(N, outputs)``."""
        return preds, target

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predictions and targets."""
        self._check_device(preds, target)
        self._validate(preds, target)
        columns = self._columns(preds, target)
        state = self.moments
        outputs = columns[0].shape[1] if columns[0].ndim == 2 else 1
        fresh = self._update_count == 0 and not self._state_loaded  # the state holds its default
        if not fresh and state.shape[0] == outputs and not self._state_loaded:
            _moments_accumulate(state, columns, self._track_range)
        else:
            if not fresh:
                self._check_outputs(state.shape[0], outputs)
            batch = _moments_update(columns, self._track_range)
            object.__setattr__(self, "moments", batch if fresh else _merge_into(state, batch))
            object.__setattr__(self, "_state_loaded", False)
        object.__setattr__(self, "_input_dtype", _float_dtype(preds, target))
        object.__setattr__(self, "_input_is_2d", columns[0].ndim == 2)

    def _check_outputs(self, state_outputs: int, outputs: int) -> None:
        """A state of one output broadcasts over the batch's outputs (as TorchMetrics' scalar states do)."""
        if state_outputs not in (1, outputs):
            raise ValueError(
                f"{type(self).__name__} was fed {state_outputs} outputs before, got a batch with {outputs}"
            )

    def _result_dtype(self, follow_input: bool = False) -> torch.dtype:
        """The metric's dtype, or float64 after float64 inputs when ``follow_input``.

        TorchMetrics' result dtype follows float64 inputs where its states are replaced rather than
        added to in place; the classes pass ``follow_input`` for those cases, to give the same dtype.
        """
        if follow_input and self._input_dtype == torch.float64:
            return torch.float64
        return self._dtype

    def _load_from_state_dict(self, state_dict: dict, prefix: str, *args: Any, **kwargs: Any) -> None:
        if prefix + "moments" in state_dict:
            object.__setattr__(self, "_state_loaded", True)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)


class InferredOutputsMetric(MomentsMetric):
    """A moments metric whose number of outputs is taken from its first batch (R², explained variance, RSE)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(None, **kwargs)

    def forward(self, preds: Tensor, target: Tensor) -> Any:
        """Accumulate the batch and return the metric on this batch alone."""
        self._check_device(preds, target)
        self._validate(preds, target)
        outputs = math.prod(preds.shape[1:])
        state_outputs = self.moments.shape[0]
        if state_outputs != outputs:
            self._check_outputs(state_outputs, outputs)
            # Widen a one-output state to the batch's outputs, so that forward can merge the batch into it.
            object.__setattr__(self, "moments", self.moments.expand(outputs, -1, -1).clone())
        return super().forward(preds, target)

    def _summed_dtype(self) -> torch.dtype:
        """The result dtype of TorchMetrics' scalar states with the batch statistics added to them.

        Those follow ``(N, outputs)`` floating point inputs (half precision included), and promote
        with the metric's dtype otherwise.
        """
        dtype = self._input_dtype or self._dtype
        return dtype if self._input_is_2d else torch.promote_types(self._dtype, dtype)
