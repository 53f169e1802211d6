"""End-to-end evaluation with the metrics packages, on data that ships with scikit-learn (no download).

1. Classification: a small torch network trained on the digits set (8x8 images, 10 classes). After
   every epoch it is evaluated batch by batch with a ``MetricCollection`` held by a ``MetricTracker``;
   the final evaluation adds AUROC, the confusion matrix and the calibration error (when installed).
2. Regression: a linear model trained on the diabetes set, evaluated with regression metrics.
3. Image: scikit-learn's two sample photos with synthetic degradations (noise, blur, JPEG,
   brightness), scored with PSNR, SSIM, MS-SSIM and UQI.

Every value that scikit-learn (or a direct formula) also computes is checked against it; the
script prints one table per task, writes PNG plots into ``--out`` (default ``demo-output/``) and
exits 1 when a value disagrees or a metric fails. Run it with ``nox -s demo`` or, where the
packages, scikit-learn and matplotlib are installed, ``python examples/demo.py``.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
from metrics_core import MeanMetric, Metric, MetricCollection, registry
from metrics_core.wrappers import MetricTracker
from PIL import Image
from sklearn import datasets, metrics
from sklearn.model_selection import train_test_split
from torch import Tensor, nn

NUM_CLASSES = 10
EPOCHS = 12
BATCH_SIZE = 64
SEED = 0


@dataclass
class Report:
    """Rows of the printed tables, and what went wrong."""

    tables: dict[str, tuple[tuple[str, ...], list[tuple[str, ...]]]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    plots: list[Path] = field(default_factory=list)

    def row(self, table: str, header: tuple[str, ...], cells: tuple[str, ...]) -> None:
        self.tables.setdefault(table, (header, []))[1].append(cells)

    def add(self, table: str, name: str, value: Tensor, reference: float | np.ndarray | None, atol: float = 1e-4):
        """A row for one value, checked against ``reference`` when there is one."""
        check = self.check(f"{table} / {name}", value, reference, atol)
        self.row(table, ("metric", "value", "check"), (name, _describe(value), check))

    def check(self, where: str, value: Tensor, reference: float | np.ndarray | None, atol: float = 1e-4) -> str:
        """``ok`` when ``value`` matches ``reference``, ``-`` without one; a mismatch is also recorded."""
        if reference is None:
            return "-"
        value_np = value.detach().cpu().double().numpy()
        if value_np.shape == np.shape(reference) and np.allclose(value_np, reference, atol=atol, rtol=1e-4):
            return "ok"
        self.mismatches.append(f"{where}: {_describe(value_np)} vs {_describe(np.asarray(reference))}")
        return f"MISMATCH, reference {_describe(np.asarray(reference))}"

    def save(self, fig: plt.Figure, path: Path) -> None:
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        self.plots.append(path)


def _describe(value: Tensor | np.ndarray) -> str:
    value = np.asarray(value.detach().cpu().double() if isinstance(value, Tensor) else value)
    if value.size == 1:
        return f"{float(value):.4f}"
    return f"{'x'.join(map(str, value.shape))} values, mean {value.mean():.4f}"


def optional(names: dict[str, tuple[str, dict]], report: Report, what: str) -> dict:
    """Create the metrics of ``names`` (key -> (registry name, kwargs)) that are installed; note the others."""
    available = set(registry.names())
    created = {}
    for key, (name, kwargs) in names.items():
        if name not in available:
            report.skipped.append(f"{name} ({what}): not registered by any installed package")
            continue
        try:
            created[key] = registry.create(name, **kwargs)
        except ImportError as error:
            report.skipped.append(f"{name} ({what}): {error}")
    return created


# ----------------------------------------------------------------------------------- classification
def classification(report: Report, out: Path) -> None:
    """Train on digits, track accuracy/F1 per epoch, then a full evaluation with plots."""
    digits = datasets.load_digits()
    x = torch.tensor(digits.data / 16.0, dtype=torch.float32)
    y = torch.tensor(digits.target)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, stratify=y, random_state=SEED)
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, NUM_CLASSES))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.8)

    per_epoch = MetricCollection(
        {
            "accuracy": registry.create("MulticlassAccuracy", num_classes=NUM_CLASSES),
            "f1": registry.create("MulticlassF1Score", num_classes=NUM_CLASSES),
        }
    )
    tracker = MetricTracker(per_epoch)
    train_loss = MetricTracker(MeanMetric(), maximize=False)
    for _ in range(EPOCHS):
        tracker.increment()
        train_loss.increment()
        model.train()
        order = torch.randperm(len(x_train))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            loss = nn.functional.cross_entropy(model(x_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            train_loss.update(loss.detach(), weight=len(batch))
        for probs, target in predict(model, x_test, y_test):
            tracker.update(probs, target)

    final = MetricCollection(
        {
            **{key: registry.create(name, num_classes=NUM_CLASSES) for key, name in CLASSIFICATION.items()},
            **optional(CLASSIFICATION_OPTIONAL, report, "classification"),
        }
    )
    all_probs, all_target = [], []
    for probs, target in predict(model, x_test, y_test):
        final.update(probs, target)
        all_probs.append(probs)
        all_target.append(target)
    probs_np, target_np = torch.cat(all_probs).numpy(), torch.cat(all_target).numpy()
    values = final.compute()

    table = f"digits classifier ({len(y_test)} test images, {EPOCHS} epochs)"
    pred_np = probs_np.argmax(1)
    references = {
        "accuracy": metrics.balanced_accuracy_score(target_np, pred_np),  # mean per-class recall = macro accuracy
        "f1": metrics.f1_score(target_np, pred_np, average="macro"),
        "precision": metrics.precision_score(target_np, pred_np, average="macro"),
        "confusion_matrix": metrics.confusion_matrix(target_np, pred_np),
        "auroc": metrics.roc_auc_score(target_np, probs_np, multi_class="ovr"),
        "calibration_error": expected_calibration_error(probs_np, target_np, bins=15),
    }
    for key, value in values.items():
        report.add(table, f"{key} ({type(final[key]).__name__})", value, references.get(key))
    best, step = tracker.best_metric(return_step=True)
    report.row(table, (), ("best epoch by accuracy (MetricTracker)", str(step["accuracy"] + 1), "-"))

    plot_confusion_matrix(final["confusion_matrix"], report, out)
    plot_roc(probs_np, target_np, torch.cat(all_probs), torch.cat(all_target), report, out)
    plot_over_epochs(tracker.compute_all(), train_loss.compute_all(), best, step, report, out)


CLASSIFICATION = {
    "accuracy": "MulticlassAccuracy",
    "f1": "MulticlassF1Score",
    "precision": "MulticlassPrecision",
    "confusion_matrix": "MulticlassConfusionMatrix",
}
CLASSIFICATION_OPTIONAL = {
    "auroc": ("MulticlassAUROC", {"num_classes": NUM_CLASSES}),
    "calibration_error": ("MulticlassCalibrationError", {"num_classes": NUM_CLASSES, "n_bins": 15}),
}


def predict(model: nn.Module, x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    """Class probabilities and targets, batch by batch."""
    model.eval()
    with torch.no_grad():
        return [
            (model(x[start : start + BATCH_SIZE]).softmax(1), y[start : start + BATCH_SIZE])
            for start in range(0, len(x), BATCH_SIZE)
        ]


def expected_calibration_error(probs: np.ndarray, target: np.ndarray, bins: int) -> float:
    """|accuracy - confidence| per confidence bin [k/bins, (k+1)/bins), weighted by the bin's share of samples."""
    confidence, correct = probs.max(1), probs.argmax(1) == target
    boundaries = torch.linspace(0, 1, bins + 1).numpy()
    index = np.searchsorted(boundaries, confidence, side="right") - 1
    total = 0.0
    for b in np.unique(index):
        members = index == b
        total += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return total


def plot_confusion_matrix(metric: Metric, report: Report, out: Path) -> None:
    """The metric's own heatmap (``MulticlassConfusionMatrix.plot``), with a title and a colour bar."""
    fig, ax = plt.subplots(figsize=(6.6, 5.6))
    metric.plot(ax=ax, cmap="Blues")
    ax.set(xlabel="predicted digit", ylabel="true digit")
    ax.set_title(
        f"Digits test set ({int(metric.compute().sum())} images): confusion matrix\n(MulticlassConfusionMatrix)"
    )
    fig.colorbar(ax.get_images()[0], ax=ax, label="images")
    report.save(fig, out / "confusion_matrix.png")


def plot_roc(
    probs_np: np.ndarray, target_np: np.ndarray, probs: Tensor, target: Tensor, report: Report, out: Path
) -> None:
    """One-vs-rest ROC curve per digit: from MulticlassROC when installed, else scikit-learn's roc_curve."""
    curves, source = None, "points from scikit-learn's roc_curve: MulticlassROC is not installed"
    if "MulticlassROC" in registry.names():
        try:
            roc = registry.create("MulticlassROC", num_classes=NUM_CLASSES)
            roc.update(probs, target)
            fpr, tpr, _ = roc.compute()
            curves = [(f.numpy(), t.numpy()) for f, t in zip(fpr, tpr)]
            source = "curves from MulticlassROC"
        except Exception as error:  # the demo still draws the curve, and says where it came from
            report.skipped.append(f"MulticlassROC: {type(error).__name__}: {error}")
    if curves is None:
        curves = [metrics.roc_curve(target_np == c, probs_np[:, c])[:2] for c in range(NUM_CLASSES)]
    fig, (full, zoom) = plt.subplots(1, 2, figsize=(11, 5))
    for ax, limit in ((full, 1.0), (zoom, 0.2)):
        for digit, (fpr, tpr) in enumerate(curves):
            label = f"digit {digit} (AUC {metrics.auc(fpr, tpr):.3f})"
            ax.plot(fpr, tpr, label=label, linewidth=1.2, drawstyle="steps-post")
        ax.plot([0, 1], [0, 1], "k--", linewidth=0.8, label="chance")
        low = 0.0 if limit == 1.0 else 0.6
        ax.set(xlabel="false positive rate", ylabel="true positive rate", xlim=(-0.005, limit), ylim=(low, 1.005))
        ax.grid(True, alpha=0.3)
    full.set_title("One-vs-rest ROC curve per digit")
    zoom.set_title("The same, zoomed on the top-left corner")
    zoom.legend(fontsize=8, loc="lower right")
    fig.suptitle(f"Digits test set ({source})", fontsize=10)
    report.save(fig, out / "roc_curve.png")


def plot_over_epochs(history: dict, loss: Tensor, best: dict, step: dict, report: Report, out: Path) -> None:
    epochs = np.arange(1, len(loss) + 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for key, values in history.items():
        left.plot(epochs, values.numpy(), marker="o", label=f"test {key} (macro)")
    left.scatter([step["accuracy"] + 1], [best["accuracy"]], s=150, facecolors="none", edgecolors="red", zorder=3)
    left.annotate("best accuracy", (step["accuracy"] + 1, best["accuracy"]), textcoords="offset points",
                  xytext=(-40, -25), color="red")  # fmt: skip
    left.set(xlabel="epoch", ylabel="value", title="Test accuracy and F1 per epoch (MetricTracker)")
    right.plot(epochs, loss.numpy(), marker="o", color="tab:red")
    right.set(xlabel="epoch", ylabel="cross-entropy", title="Training loss per epoch (MeanMetric)")
    for ax in (left, right):
        ax.set_xticks(epochs)
        ax.grid(True, alpha=0.3)
    left.legend()
    report.save(fig, out / "metrics_over_epochs.png")


# ------------------------------------------------------------------------------------------ regression
REGRESSION = {
    "MeanSquaredError": ({}, metrics.mean_squared_error),
    "MeanSquaredError(squared=False)": ({"squared": False}, metrics.root_mean_squared_error),
    "MeanAbsoluteError": ({}, metrics.mean_absolute_error),
    "MeanAbsolutePercentageError": ({}, metrics.mean_absolute_percentage_error),
    "R2Score": ({}, metrics.r2_score),
    "ExplainedVariance": ({}, metrics.explained_variance_score),
    "PearsonCorrCoef": ({}, lambda target, pred: np.corrcoef(target, pred)[0, 1]),
}


def regression(report: Report, out: Path) -> None:
    """Fit a linear model on the diabetes set; evaluate it batch by batch with regression metrics."""
    x_np, y_np = datasets.load_diabetes(return_X_y=True)
    x_train, x_test, y_train, y_test = (
        torch.tensor(part, dtype=torch.float32) for part in train_test_split(x_np, y_np, random_state=SEED)
    )
    mean, std = x_train.mean(0), x_train.std(0)
    y_mean, y_std = y_train.mean(), y_train.std()
    model = nn.Linear(x_train.shape[1], 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(300):
        loss = nn.functional.mse_loss(model((x_train - mean) / std).squeeze(1), (y_train - y_mean) / y_std)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    collection = MetricCollection(
        {name: registry.create(name.partition("(")[0], **kwargs) for name, (kwargs, _) in REGRESSION.items()}
    )
    with torch.no_grad():
        preds = model((x_test - mean) / std).squeeze(1) * y_std + y_mean
    for start in range(0, len(preds), BATCH_SIZE):
        collection.update(preds[start : start + BATCH_SIZE], y_test[start : start + BATCH_SIZE])
    table = f"diabetes regression ({len(y_test)} test patients)"
    for name, value in collection.compute().items():
        reference = REGRESSION[name][1](y_test.double().numpy(), preds.double().numpy())
        report.add(table, name, value, reference, atol=1e-3)

    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.scatter(y_test.numpy(), preds.numpy(), s=14, alpha=0.7)
    low, high = float(y_test.min()), float(y_test.max())
    ax.plot([low, high], [low, high], "k--", linewidth=0.8, label="perfect prediction")
    r2 = collection["R2Score"].compute().item()
    ax.set(xlabel="true disease progression", ylabel="predicted", title=f"Diabetes test set: R2Score = {r2:.3f}")
    ax.legend()
    ax.grid(True, alpha=0.3)
    report.save(fig, out / "regression_predictions.png")


# --------------------------------------------------------------------------------------------- image
IMAGE = {
    "PSNR (dB)": ("PeakSignalNoiseRatio", {"data_range": 1.0}),
    "SSIM": ("StructuralSimilarityIndexMeasure", {"data_range": 1.0}),
    "MS-SSIM": ("MultiScaleStructuralSimilarityIndexMeasure", {"data_range": 1.0}),
    "UQI": ("UniversalImageQualityIndex", {}),
}


def degradations() -> dict[str, Callable[[Tensor], Tensor]]:
    generator = torch.Generator().manual_seed(SEED)
    return {
        "gaussian noise s=0.05": lambda img: (img + 0.05 * torch.randn(img.shape, generator=generator)).clamp(0, 1),
        "gaussian noise s=0.15": lambda img: (img + 0.15 * torch.randn(img.shape, generator=generator)).clamp(0, 1),
        "blur 5x5": lambda img: blur(img, 5, 1.5),
        "blur 9x9": lambda img: blur(img, 9, 3.0),
        "JPEG quality 10": lambda img: jpeg(img, 10),
        "brightness +0.1": lambda img: (img + 0.1).clamp(0, 1),
    }


def blur(images: Tensor, size: int, sigma: float) -> Tensor:
    offsets = torch.arange(size, dtype=torch.float32) - (size - 1) / 2
    kernel_1d = torch.exp(-(offsets**2) / (2 * sigma**2))
    kernel = torch.outer(kernel_1d, kernel_1d) / kernel_1d.sum() ** 2
    channels = images.shape[1]
    weight = kernel.expand(channels, 1, size, size)
    padded = nn.functional.pad(images, [size // 2] * 4, mode="reflect")
    return nn.functional.conv2d(padded, weight, groups=channels)


def jpeg(images: Tensor, quality: int) -> Tensor:
    out = []
    for image in images:
        buffer = io.BytesIO()
        Image.fromarray((image.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)).save(
            buffer, format="JPEG", quality=quality
        )
        decoded = np.asarray(Image.open(buffer)).astype(np.float32) / 255
        out.append(torch.from_numpy(decoded).permute(2, 0, 1))
    return torch.stack(out)


def image_quality(report: Report, out: Path) -> None:
    """Score degraded versions of the sample photos against the originals."""
    photos = datasets.load_sample_images()
    originals = torch.stack([torch.tensor(img).permute(2, 0, 1).float() / 255 for img in photos.images])
    originals = nn.functional.avg_pool2d(originals, 2)  # 213 x 320: quicker, and MS-SSIM still fits
    table = f"image quality ({len(originals)} sample photos, {originals.shape[2]}x{originals.shape[3]})"
    degraded = {name: degrade(originals) for name, degrade in degradations().items()}
    created = optional(IMAGE, report, "image")
    header = ("degradation", *created, "PSNR check")
    scores: dict[str, dict[str, float]] = {}
    for name, images in degraded.items():
        scores[name], check = {}, "-"
        for label, metric in created.items():
            metric.reset()
            metric.update(images, originals)
            value = metric.compute()
            scores[name][label] = value.item()
            if label.startswith("PSNR"):
                check = report.check(f"{table} / {name}", value, psnr(images, originals), atol=1e-3)
        report.row(table, header, (name, *(f"{score:.4f}" for score in scores[name].values()), check))
    plot_images(originals[0], degraded, scores, report, out)


def psnr(images: Tensor, originals: Tensor) -> float:
    return float(10 * np.log10(1.0 / ((images.double() - originals.double()) ** 2).mean().item()))


def plot_images(original: Tensor, degraded: dict, scores: dict, report: Report, out: Path) -> None:
    """The first photo and its degradations with their scores, and a bar chart of the SSIM-type scores."""
    fig, axes = plt.subplots(2, 4, figsize=(15, 6.5))
    panels = [("original", original, "")]
    for name, images in degraded.items():
        caption = ", ".join(f"{label} {value:.3g}" for label, value in scores[name].items() if label != "UQI")
        panels.append((name, images[0], caption))
    for ax, (name, image, caption) in zip(axes.flat, panels):
        ax.imshow(image.permute(1, 2, 0).numpy())
        ax.set_title(f"{name}\n{caption}", fontsize=8.5)
        ax.axis("off")
    bars = axes.flat[-1]
    labels = [label for label in next(iter(scores.values()), {}) if not label.startswith("PSNR")]
    width = 0.8 / max(len(labels), 1)
    for index, label in enumerate(labels):
        positions = np.arange(len(scores)) + index * width
        bars.barh(positions, [scores[name][label] for name in scores], height=width, label=label)
    bars.set_yticks(np.arange(len(scores)) + width * (len(labels) - 1) / 2, list(scores), fontsize=8)
    bars.invert_yaxis()
    bars.set(xlim=(0, 1), xlabel="score (1 = identical)", title="Similarity to the original, both photos")
    bars.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=len(labels))
    fig.suptitle("Sample photo and synthetic degradations, scored against the original (PSNR in dB)")
    report.save(fig, out / "image_degradations.png")


# -------------------------------------------------------------------------------------------- output
def print_tables(report: Report) -> None:
    for title, (header, rows) in report.tables.items():
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        print(f"\n{title}\n" + "=" * len(title))
        for row in [header, tuple("-" * w for w in widths), *rows]:
            print("  ".join(text.ljust(width) for text, width in zip(row, widths)).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="End-to-end evaluation on scikit-learn's bundled data sets.")
    parser.add_argument("--out", type=Path, default=Path("demo-output"), help="folder for the PNG plots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    plt.switch_backend("Agg")  # files only, no window
    torch.manual_seed(SEED)
    started = time.perf_counter()
    plugins = registry.plugins()
    print(f"registry: {len(registry.names())} metrics from {len(plugins)} plugins")
    for plugin in plugins:
        state = f"failed: {plugin.error}" if plugin.error else "disabled" if plugin.disabled else "ok"
        print(f"  {plugin.name:<16}{plugin.metrics:>4} metrics  {plugin.distribution} {plugin.version}  [{state}]")

    report = Report()
    failed = []
    for task in (classification, regression, image_quality):
        try:
            task(report, args.out)
        except Exception as error:  # report it and go on with the other tasks
            failed.append(f"{task.__name__}: {type(error).__name__}: {error}")
    print_tables(report)

    if report.skipped:
        print("\nskipped (not installed):\n" + "\n".join(f"  {line}" for line in report.skipped))
    print(f"\nplots written to {args.out.resolve()}/:")
    for path in report.plots:
        print(f"  {path.name}")
    print(f"\nfinished in {time.perf_counter() - started:.1f}s")
    if failed:
        print("\nfailed:\n" + "\n".join(f"  {line}" for line in failed), file=sys.stderr)
    if report.mismatches:
        print("\ndisagree with the reference:\n" + "\n".join(f"  {m}" for m in report.mismatches), file=sys.stderr)
    if failed or report.mismatches:
        return 1
    checked = sum(row[-1] == "ok" for _, rows in report.tables.values() for row in rows)
    print(f"all {checked} checked values agree with scikit-learn or the direct formula")
    return 0


if __name__ == "__main__":
    sys.exit(main())
