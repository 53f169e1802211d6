"""Evaluate a toy model over a few batches, with every metric created through the plugin registry.

Run it with ``nox -s demo``, or ``python examples/demo.py`` where the packages are installed.
The aggregation metrics of metrics-core are always there; classification and regression
metrics join in when their packages are installed. Every value is checked against the same
quantity computed directly with torch over all batches at once, and the script exits 1 on a
mismatch. ``--json PATH`` also writes the values as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from metrics_core import registry
from torch import Tensor

NUM_FEATURES = 8
NUM_CLASSES = 4
BATCHES = 6
BATCH_SIZE = 32
RUNNING_WINDOW = 3


@dataclass
class Batch:
    """What the toy model produces on one batch, for a classification and a regression head."""

    logits: Tensor
    target: Tensor
    loss: Tensor
    confidence: Tensor
    reg_pred: Tensor
    reg_target: Tensor


def simulate(seed: int = 0) -> list[Batch]:
    """Batches from a toy model: a noisy copy of the linear model that labelled the data."""
    generator = torch.Generator().manual_seed(seed)
    true_weights = torch.randn(NUM_FEATURES, NUM_CLASSES, generator=generator)
    model_weights = true_weights + 0.8 * torch.randn(NUM_FEATURES, NUM_CLASSES, generator=generator)
    true_reg = torch.randn(NUM_FEATURES, generator=generator)
    model_reg = true_reg + 0.2 * torch.randn(NUM_FEATURES, generator=generator)
    batches = []
    for _ in range(BATCHES):
        features = torch.randn(BATCH_SIZE, NUM_FEATURES, generator=generator)
        target = (features @ true_weights).argmax(dim=1)
        logits = features @ model_weights
        loss = torch.nn.functional.cross_entropy(logits, target, reduction="none")
        confidence = logits.softmax(dim=1).max(dim=1).values
        noise = 0.1 * torch.randn(BATCH_SIZE, generator=generator)
        batches.append(Batch(logits, target, loss, confidence, features @ model_reg, features @ true_reg + noise))
    return batches


@dataclass
class Tracked:
    """One metric of the evaluation: how to feed it a batch, and the value expected at the end."""

    name: str
    measures: str
    feed: Callable[[Batch], tuple]
    expected: Callable[[list[Batch]], Tensor] | None = None
    kwargs: dict | None = None


def _all(batches: list[Batch], field: str) -> Tensor:
    return torch.cat([getattr(batch, field) for batch in batches])


def per_class_counts(batches: list[Batch]) -> list[tuple[Tensor, Tensor, Tensor]]:
    """(true positives, false positives, false negatives) of each class seen in predictions or targets."""
    preds, target = _all(batches, "logits").argmax(dim=1), _all(batches, "target")
    counts = []
    for c in range(NUM_CLASSES):
        tp = ((preds == c) & (target == c)).sum().float()
        fp = ((preds == c) & (target != c)).sum().float()
        fn = ((preds != c) & (target == c)).sum().float()
        if tp + fp + fn > 0:  # a class absent from both does not enter the macro average
            counts.append((tp, fp, fn))
    return counts


def macro_accuracy(batches: list[Batch]) -> Tensor:
    recalls = [tp / (tp + fn) if tp + fn else torch.tensor(0.0) for tp, _, fn in per_class_counts(batches)]
    return torch.stack(recalls).mean()


def macro_f1(batches: list[Batch]) -> Tensor:
    return torch.stack([2 * tp / (2 * tp + fp + fn) for tp, fp, fn in per_class_counts(batches)]).mean()


def r2(batches: list[Batch]) -> Tensor:
    pred, target = _all(batches, "reg_pred"), _all(batches, "reg_target")
    return 1 - ((target - pred) ** 2).sum() / ((target - target.mean()) ** 2).sum()


CORE = [
    Tracked("MeanMetric", "mean loss per example", lambda b: (b.loss,), lambda bs: _all(bs, "loss").mean()),
    Tracked(
        "SumMetric",
        "examples seen",
        lambda b: (torch.ones(len(b.loss)),),
        lambda bs: torch.tensor(float(_all(bs, "loss").numel())),
    ),
    Tracked("MaxMetric", "worst example loss", lambda b: (b.loss,), lambda bs: _all(bs, "loss").max()),
    Tracked("MinMetric", "best example loss", lambda b: (b.loss,), lambda bs: _all(bs, "loss").min()),
    Tracked(
        "CatMetric",
        "confidence of every prediction",
        lambda b: (b.confidence,),
        lambda bs: _all(bs, "confidence"),
    ),
    Tracked(
        "RunningMean",
        f"mean batch loss, last {RUNNING_WINDOW} batches",
        lambda b: (b.loss.mean(),),
        lambda bs: torch.stack([b.loss.mean() for b in bs[-RUNNING_WINDOW:]]).mean(),
        {"window": RUNNING_WINDOW},
    ),
]

OPTIONAL = [
    Tracked(
        "MulticlassAccuracy",
        "accuracy (macro)",
        lambda b: (b.logits, b.target),
        macro_accuracy,
        {"num_classes": NUM_CLASSES},
    ),
    Tracked(
        "MulticlassF1Score",
        "F1 (macro)",
        lambda b: (b.logits, b.target),
        macro_f1,
        {"num_classes": NUM_CLASSES},
    ),
    Tracked(
        "MulticlassAUROC",
        "AUROC (macro)",
        lambda b: (b.logits.softmax(1), b.target),
        None,
        {"num_classes": NUM_CLASSES},
    ),
    Tracked(
        "MeanSquaredError",
        "regression MSE",
        lambda b: (b.reg_pred, b.reg_target),
        lambda bs: ((_all(bs, "reg_pred") - _all(bs, "reg_target")) ** 2).mean(),
    ),
    Tracked(
        "MeanAbsoluteError",
        "regression MAE",
        lambda b: (b.reg_pred, b.reg_target),
        lambda bs: (_all(bs, "reg_pred") - _all(bs, "reg_target")).abs().mean(),
    ),
    Tracked("R2Score", "regression R^2", lambda b: (b.reg_pred, b.reg_target), r2),
]


def describe(value: Tensor) -> str:
    if value.numel() == 1:
        return f"{value.item():.5g}"
    return f"{value.numel()} values, median {value.float().median().item():.5g}"


def print_registry() -> None:
    plugins = registry.plugins()
    print(f"registry: {len(registry.names())} metrics from {len(plugins)} plugin(s)")
    for plugin in plugins:
        where = f"{plugin.distribution} {plugin.version}" if plugin.distribution else "registered in code"
        state = f"failed: {plugin.error}" if plugin.error else "disabled" if plugin.disabled else "ok"
        print(f"  {plugin.name:<16} {plugin.metrics:>3} metrics  {where}  [{state}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Toy evaluation loop through the metrics registry.")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the final values as JSON")
    args = parser.parse_args(argv)

    print_registry()
    available = set(registry.names())
    skipped = [t.name for t in OPTIONAL if t.name not in available]
    # A registered metric that fails to load, update or compute is reported, and the demo goes on
    # with the others (exiting 1 at the end).
    broken: dict[str, str] = {}
    metrics = {}
    for item in CORE + OPTIONAL:
        if item.name in available:
            try:
                metrics[item.name] = registry.create(item.name, **(item.kwargs or {}))
            except Exception as error:
                broken[item.name] = f"{type(error).__name__}: {error}"
    tracked = [t for t in CORE + OPTIONAL if t.name in metrics]
    batch_loss = registry.create("MeanMetric")  # forward gives each batch's own value

    batches = simulate()
    print(f"\nevaluating {BATCHES} batches of {BATCH_SIZE} examples")
    for index, batch in enumerate(batches, start=1):
        loss_here = batch_loss(batch.loss)
        for item in tracked:
            if item.name not in broken:
                try:
                    metrics[item.name].update(*item.feed(batch))
                except Exception as error:
                    broken[item.name] = f"{type(error).__name__} in update: {error}"
        running = batch_loss.compute().item()
        print(f"  batch {index}: loss {loss_here.item():.4f} (forward: this batch), so far {running:.4f}")

    rows, failures, values = [], 0, {}
    for item in tracked:
        if item.name in broken:
            continue
        try:
            value = torch.as_tensor(metrics[item.name].compute()).detach().float()
        except Exception as error:
            broken[item.name] = f"{type(error).__name__} in compute: {error}"
            continue
        values[item.name] = value.tolist()
        if item.expected is None:
            check = "-"
        else:
            expected = torch.as_tensor(item.expected(batches)).float()
            matches = value.shape == expected.shape and torch.allclose(value, expected, rtol=1e-4, atol=1e-5)
            check = "ok" if matches else f"MISMATCH (expected {describe(expected)})"
            failures += not matches
        rows.append((item.name, item.measures, describe(value), check))

    header = ("metric (registry name)", "measures", "value", "check against torch")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(text.ljust(width) for text, width in zip(row, widths)).rstrip())
    if skipped:
        print(f"\nnot installed, skipped: {', '.join(skipped)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(values, indent=2) + "\n")
        print(f"wrote {args.json}")
    if broken:
        print("\nfailed:\n" + "\n".join(f"  {name}: {message}" for name, message in broken.items()), file=sys.stderr)
    if failures:
        print(f"\n{failures} metric(s) disagree with the direct computation", file=sys.stderr)
    if failures or broken:
        return 1
    checked = sum(item.expected is not None for item in tracked)
    print(f"\nall {checked} checked values agree with the direct computation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
