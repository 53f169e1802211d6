"""Concordance correlation coefficient."""

from __future__ import annotations

from torch import Tensor

from metrics_regression.functional.concordance import _concordance_corrcoef_compute
from metrics_regression.pearson import PearsonCorrCoef


class ConcordanceCorrCoef(PearsonCorrCoef):
    """Lin's concordance correlation coefficient between predictions and targets over all batches, per output.

    Same state as ``PearsonCorrCoef`` (streaming co-moments, numerically stable).

    Args:
        num_outputs: number of outputs (columns of ``(N, num_outputs)`` inputs), each scored on its own.

    Example:
        >>> import torch
        >>> metric = ConcordanceCorrCoef()
        >>> metric(torch.tensor([2.5, 0.0, 2.0, 8.0]), torch.tensor([3.0, -0.5, 2.0, 7.0]))
        tensor(0.9777)
    """

    higher_is_better = True

    def compute(self) -> Tensor:
        """Concordance correlation over everything seen."""
        return _concordance_corrcoef_compute(self.moments, self._result_dtype(follow_input=self._input_is_2d))
