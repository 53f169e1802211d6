"""``BootStrapper``: confidence statistics of a metric from resampled copies of every batch."""

from __future__ import annotations

from copy import deepcopy
from typing import Any, Literal

import torch
from torch import Tensor
from torch.nn import ModuleList

from metrics_core.metric import Metric, _set
from metrics_core.wrappers.abstract import WrapperMetric

_SAMPLING_STRATEGIES = ("poisson", "multinomial")


class BootStrapper(WrapperMetric):
    """Keep ``num_bootstraps`` copies of a metric, each updated with a resample (with replacement) of every batch.

    Indices are drawn on the CPU from ``generator`` (default: torch's global generator, so
    ``torch.manual_seed`` makes runs reproducible). ``forward`` accumulates one resample of the
    batch and returns the statistics over a second, fresh resample of it, as TorchMetrics does.

    Args:
        base_metric: the metric to bootstrap.
        num_bootstraps: number of resampled copies.
        mean: return the mean of the copies' values.
        std: return their standard deviation (unbiased).
        quantile: return this quantile (float or tensor of floats in [0, 1]) of their values.
        raw: return all their values, stacked.
        sampling_strategy: ``"poisson"`` (each sample appears Poisson(1) times) or
            ``"multinomial"`` (``n`` draws of the ``n`` samples of the batch).
        generator: a CPU ``torch.Generator`` for the resampling indices.
        kwargs: the keyword arguments every metric accepts.

    Example:
        >>> import torch
        >>> from metrics_core import MeanMetric
        >>> _ = torch.manual_seed(0)
        >>> bootstrap = BootStrapper(MeanMetric(), num_bootstraps=20, sampling_strategy="multinomial")
        >>> bootstrap.update(torch.arange(10.0))
        >>> bootstrap.compute()
        {'mean': tensor(4.4250), 'std': tensor(0.7319)}
    """

    full_state_update = True

    def __init__(
        self,
        base_metric: Metric,
        num_bootstraps: int = 10,
        mean: bool = True,
        std: bool = True,
        quantile: float | Tensor | None = None,
        raw: bool = False,
        sampling_strategy: Literal["poisson", "multinomial"] = "poisson",
        generator: torch.Generator | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not isinstance(base_metric, Metric):
            raise ValueError(f"Argument `base_metric` must be a Metric, got {type(base_metric).__name__}")
        if isinstance(num_bootstraps, bool) or not isinstance(num_bootstraps, int) or num_bootstraps < 1:
            raise ValueError(f"Argument `num_bootstraps` must be a positive integer, got {num_bootstraps!r}")
        if sampling_strategy not in _SAMPLING_STRATEGIES:
            raise ValueError(
                f"Argument `sampling_strategy` must be one of {list(_SAMPLING_STRATEGIES)}, got {sampling_strategy!r}"
            )
        if quantile is not None and not isinstance(quantile, (float, Tensor)):
            raise ValueError(f"Argument `quantile` must be None, a float or a tensor, got {quantile!r}")
        if generator is not None and not isinstance(generator, torch.Generator):
            raise ValueError(f"Argument `generator` must be None or a torch.Generator, got {generator!r}")
        self.metrics = ModuleList([deepcopy(base_metric) for _ in range(num_bootstraps)])
        self.num_bootstraps = num_bootstraps
        self.mean = mean
        self.std = std
        self.quantile = quantile
        self.raw = raw
        self.sampling_strategy = sampling_strategy
        self.generator = generator
        # A spare copy that computes forward's batch values without touching the accumulated copies.
        _set(self, "_scratch", deepcopy(base_metric))

    def _sample_indices(self, size: int) -> Tensor:
        """Indices of one resample of ``size`` samples, drawn on the CPU."""
        if self.sampling_strategy == "poisson":
            counts = torch.poisson(torch.ones(size), generator=self.generator)
            return torch.arange(size).repeat_interleave(counts.long())
        return torch.multinomial(torch.ones(size), num_samples=size, replacement=True, generator=self.generator)

    def _resamples(self, args: tuple, kwargs: dict[str, Any]) -> list[tuple[tuple, dict[str, Any]] | None]:
        """One resample of the inputs per copy (``None`` for an empty resample)."""
        size = _batch_size(args, kwargs)
        resamples = []
        for _ in range(self.num_bootstraps):
            index = self._sample_indices(size)
            if index.numel() == 0:
                resamples.append(None)
                continue
            index = index.to(self.device)
            resamples.append((_index(args, index), _index(kwargs, index)))
        return resamples

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update every copy with its own resample of the batch (tensors are resampled along dimension 0)."""
        resamples = self._resamples(args, kwargs)
        with self._all_or_nothing():
            for metric, resample in zip(self.metrics, resamples):
                if resample is not None:
                    metric.update(*resample[0], **resample[1])

    def compute(self) -> dict[str, Tensor]:
        """Statistics of the copies' values: ``mean``, ``std``, ``quantile`` and ``raw`` as configured."""
        return self._summarize(torch.stack([metric.compute() for metric in self.metrics]))

    def forward(self, *args: Any, **kwargs: Any) -> dict[str, Tensor]:
        """Accumulate the batch and return the statistics over fresh resamples of this batch alone."""
        self.update(*args, **kwargs)
        scratch = self._scratch
        values = []
        for resample in self._resamples(args, kwargs):
            scratch.reset()
            values.append(scratch.compute() if resample is None else scratch(*resample[0], **resample[1]))
        scratch.reset()
        value = self._summarize(torch.stack(values))
        _set(self, "_forward_cache", value)
        return value

    def _summarize(self, values: Tensor) -> dict[str, Tensor]:
        summary = {}
        if self.mean:
            summary["mean"] = values.mean(dim=0)
        if self.std:
            summary["std"] = values.std(dim=0)
        if self.quantile is not None:
            quantile = self.quantile.to(values) if isinstance(self.quantile, Tensor) else self.quantile
            summary["quantile"] = torch.quantile(values, quantile)
        if self.raw:
            summary["raw"] = values
        return summary

    def _apply(self, fn: Any, recurse: bool = True) -> BootStrapper:  # type: ignore[override]
        super()._apply(fn, recurse)
        self._scratch._apply(fn)
        return self


def _batch_size(args: tuple, kwargs: dict[str, Any]) -> int:
    for value in (*args, *kwargs.values()):
        tensor = _first_tensor(value)
        if tensor is not None:
            if tensor.ndim == 0:
                raise ValueError("BootStrapper resamples along dimension 0, but the first input tensor is 0-d")
            return len(tensor)
    raise ValueError("BootStrapper found no tensor among the inputs, so it cannot tell how many samples to resample")


def _first_tensor(value: Any) -> Tensor | None:
    if isinstance(value, Tensor):
        return value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    for item in items:
        found = _first_tensor(item)
        if found is not None:
            return found
    return None


def _index(value: Any, index: Tensor) -> Any:
    """``value`` with every tensor (also inside lists, tuples and dicts) indexed along dimension 0."""
    if isinstance(value, Tensor):
        return value.index_select(0, index)
    if isinstance(value, dict):
        return {key: _index(item, index) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_index(item, index) for item in value)
    return value
