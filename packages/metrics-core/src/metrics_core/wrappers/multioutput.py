"""``MultioutputWrapper``: one copy of a metric per output of a multi-output model."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import torch
from torch import Tensor
from torch.nn import ModuleList

from metrics_core.metric import Metric
from metrics_core.wrappers.abstract import WrapperMetric


class MultioutputWrapper(WrapperMetric):
    """Compute a metric separately on each output (a slice along ``output_dim``) and stack the values.

    Args:
        base_metric: the metric to compute per output.
        num_outputs: number of outputs.
        output_dim: the dimension of the inputs that indexes the outputs.
        remove_nans: drop, per output, the samples (rows along dimension 0) where any input holds NaN.
        squeeze_outputs: squeeze the output dimension out of each slice.

    Example:
        >>> import torch
        >>> from metrics_core import MeanMetric
        >>> metric = MultioutputWrapper(MeanMetric(), num_outputs=2)
        >>> metric.update(torch.tensor([[1.0, 10.0], [3.0, float("nan")]]))
        >>> metric.compute()
        tensor([ 2., 10.])
    """

    is_differentiable = False

    def __init__(
        self,
        base_metric: Metric,
        num_outputs: int,
        output_dim: int = -1,
        remove_nans: bool = True,
        squeeze_outputs: bool = True,
    ) -> None:
        super().__init__()
        if not isinstance(base_metric, Metric):
            raise ValueError(f"Argument `base_metric` must be a Metric, got {type(base_metric).__name__}")
        if isinstance(num_outputs, bool) or not isinstance(num_outputs, int) or num_outputs < 1:
            raise ValueError(f"Argument `num_outputs` must be a positive integer, got {num_outputs!r}")
        if isinstance(output_dim, bool) or not isinstance(output_dim, int):
            raise ValueError(f"Argument `output_dim` must be an integer, got {output_dim!r}")
        self.metrics = ModuleList([deepcopy(base_metric) for _ in range(num_outputs)])
        self.output_dim = output_dim
        self.remove_nans = remove_nans
        self.squeeze_outputs = squeeze_outputs

    def _inputs_per_output(self, args: tuple, kwargs: dict[str, Any]) -> list[tuple[list, dict[str, Any]]]:
        """The inputs of each output: its slice of every tensor, rows with NaN removed, squeezed."""
        per_output = []
        for index in range(len(self.metrics)):
            out_args = [self._slice(arg, index) for arg in args]
            out_kwargs = {key: self._slice(value, index) for key, value in kwargs.items()}
            if self.remove_nans:
                tensors = [value for value in (*out_args, *out_kwargs.values()) if isinstance(value, Tensor)]
                if tensors:
                    keep = ~_rows_with_nan(tensors)
                    out_args = [arg[keep] if isinstance(arg, Tensor) else arg for arg in out_args]
                    out_kwargs = {k: v[keep] if isinstance(v, Tensor) else v for k, v in out_kwargs.items()}
            if self.squeeze_outputs:
                out_args = [arg.squeeze(self.output_dim) if isinstance(arg, Tensor) else arg for arg in out_args]
                out_kwargs = {
                    k: v.squeeze(self.output_dim) if isinstance(v, Tensor) else v for k, v in out_kwargs.items()
                }
            per_output.append((out_args, out_kwargs))
        return per_output

    def _slice(self, value: Any, index: int) -> Any:
        if not isinstance(value, Tensor):
            return value
        if not -value.ndim <= self.output_dim < value.ndim or value.shape[self.output_dim] < len(self.metrics):
            raise ValueError(
                f"Every input tensor needs at least {len(self.metrics)} outputs along dimension {self.output_dim},"
                f" got a tensor of shape {tuple(value.shape)}"
            )
        return value.narrow(self.output_dim, index, 1)

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update each output's metric with that output's slice of the inputs."""
        per_output = self._inputs_per_output(args, kwargs)
        with self._all_or_nothing():
            for metric, (out_args, out_kwargs) in zip(self.metrics, per_output):
                metric.update(*out_args, **out_kwargs)

    def compute(self) -> Tensor:
        """The values of the outputs, stacked along dimension 0."""
        return torch.stack([metric.compute() for metric in self.metrics], 0)

    def forward(self, *args: Any, **kwargs: Any) -> Tensor | None:
        """Accumulate the batch; return the batch values of the outputs, stacked along dimension 0."""
        per_output = self._inputs_per_output(args, kwargs)
        values = [metric(*out_args, **out_kwargs) for metric, (out_args, out_kwargs) in zip(self.metrics, per_output)]
        return self._count_forward(None if values[0] is None else torch.stack(values, 0))


def _rows_with_nan(tensors: list[Tensor]) -> Tensor:
    """Which rows (along dimension 0) hold a NaN in any of ``tensors``."""
    rows = torch.zeros(len(tensors[0]), dtype=torch.bool, device=tensors[0].device)
    for tensor in tensors:
        rows |= torch.isnan(tensor.flatten(start_dim=1)).any(dim=1)
    return rows
