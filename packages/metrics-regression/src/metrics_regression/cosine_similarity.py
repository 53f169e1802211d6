"""Cosine similarity."""

from __future__ import annotations

from typing import Any

import torch
from metrics_core.states import dim_zero_cat
from torch import Tensor

from metrics_regression.base import RegressionMetric
from metrics_regression.functional.cosine_similarity import (
    _cosine_similarity_arg_validation,
    _cosine_similarity_compute,
    _cosine_similarity_tensor_validation,
    _cosine_similarity_update,
)


class CosineSimilarity(RegressionMetric):
    """Cosine similarity of each pair of rows over all batches, summed, averaged or kept per row.

    With ``reduction="sum"`` or ``"mean"`` the states are a running sum and count (constant memory);
    with ``"none"`` every row's similarity is kept.

    Args:
        reduction: ``"sum"``, ``"mean"`` or ``"none"`` (``None``).

    Example:
        >>> import torch
        >>> metric = CosineSimilarity(reduction="mean")
        >>> preds = torch.tensor([[1.0, 2.0, 3.0], [1.0, 0.0, 0.0]])
        >>> metric(preds, torch.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]]))
        tensor(0.5000)
    """

    is_differentiable = True
    higher_is_better = True
    plot_lower_bound = 0.0
    plot_upper_bound = 1.0

    def __init__(self, reduction: str | None = "sum", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _cosine_similarity_arg_validation(reduction)
        self.reduction = reduction
        if reduction in ("sum", "mean"):
            self.add_state("similarity", default=torch.tensor(0.0, dtype=torch.float64), dist_reduce_fx="sum")
            self.add_state("total", default=torch.tensor(0), dist_reduce_fx="sum")
        else:
            self.add_state("similarity", default=[], dist_reduce_fx="cat")

    def update(self, preds: Tensor, target: Tensor) -> None:
        """Add a batch of predicted and target vectors, ``(N, D)`` each."""
        self._check_device(preds, target)
        _cosine_similarity_tensor_validation(preds, target)
        similarity = _cosine_similarity_update(preds, target)
        if isinstance(self.similarity, list):
            self.similarity.append(similarity)
        else:
            self.similarity.add_(similarity.sum())
            self.total.add_(similarity.shape[0])

    def compute(self) -> Tensor:
        """Cosine similarity over everything seen."""
        if isinstance(self.similarity, list):
            return _cosine_similarity_compute(dim_zero_cat(self.similarity), self.reduction)
        total = self.similarity if self.reduction == "sum" else self.similarity / self.total
        return total.float()
