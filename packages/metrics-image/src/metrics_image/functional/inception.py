"""Inception score (IS): the exponentiated KL divergence between class posteriors and their marginal."""

from __future__ import annotations

import torch
from torch import Tensor


def _inception_score_compute(logits: Tensor, splits: int) -> tuple[Tensor, Tensor]:
    """Mean and standard deviation of the score over ``splits`` chunks of the shuffled logits.

    The shuffle draws ``torch.randperm`` from the global generator, as TorchMetrics does.
    """
    logits = logits[torch.randperm(logits.shape[0])]
    prob = logits.softmax(dim=1).chunk(splits, dim=0)
    log_prob = logits.log_softmax(dim=1).chunk(splits, dim=0)
    scores = []
    for p, log_p in zip(prob, log_prob):
        marginal = p.mean(dim=0, keepdim=True)
        scores.append((p * (log_p - marginal.log())).sum(dim=1).mean().exp())
    kl = torch.stack(scores)
    return kl.mean(), kl.std()
