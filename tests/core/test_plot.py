"""plot() of a metric, a collection and a tracker; a clear error naming the `plot` extra without matplotlib."""

from __future__ import annotations

import sys

import pytest
import torch
from metrics_core import MeanMetric, MetricCollection, SumMetric
from metrics_core.wrappers import ClasswiseWrapper, MetricTracker, MultitaskWrapper
from stat_metrics import MacroF1, MeanSquaredError, Precision


@pytest.fixture
def pyplot():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def labels() -> tuple[torch.Tensor, torch.Tensor]:
    return torch.randint(3, (20,)), torch.randint(3, (20,))


def test_metric_plot_returns_figure_and_axes(pyplot):
    metric = MeanMetric()
    metric.update(torch.tensor([1.0, 2.0]))
    fig, ax = metric.plot()
    assert isinstance(fig, pyplot.Figure)
    assert ax.figure is fig
    values = [metric(torch.rand(3)) for _ in range(4)]
    fig, ax = metric.plot(values)
    assert len(ax.lines) == 1


def test_collection_plot_one_figure_per_metric_or_together(pyplot):
    metrics = MetricCollection([MacroF1(), MeanSquaredError()])
    metrics.update(*labels())
    figures = metrics.plot()
    assert len(figures) == 2
    assert all(isinstance(fig, pyplot.Figure) for fig, _ in figures)
    values = [metrics(*labels()) for _ in range(3)]
    _, ax = metrics.plot(values, together=True)
    assert len(ax.lines) == 2
    _, axes = pyplot.subplots(1, 2)
    figures = metrics.plot(ax=list(axes))
    assert [ax for _, ax in figures] == list(axes)
    with pytest.raises(ValueError, match="`together` must be a bool"):
        metrics.plot(together="yes")
    with pytest.raises(ValueError, match="sequence of 2 matplotlib axes"):
        metrics.plot(ax=[axes[0]])


def test_wrapper_plots(pyplot):
    classwise = ClasswiseWrapper(Precision(), labels=["a", "b", "c"])
    classwise.update(*labels())
    _, ax = classwise.plot()
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["precision_a", "precision_b", "precision_c"]
    tasks = MultitaskWrapper({"x": MeanMetric(), "y": MeanMetric()})
    tasks.update({"x": torch.tensor(1.0), "y": torch.tensor(2.0)}, {"x": torch.tensor(1.0), "y": torch.tensor(1.0)})
    assert len(tasks.plot()) == 2


def test_tracker_plot_draws_the_steps(pyplot):
    tracker = MetricTracker(MacroF1())
    for _ in range(3):
        tracker.increment()
        tracker.update(*labels())
    fig, ax = tracker.plot()
    assert isinstance(fig, pyplot.Figure)
    assert len(ax.lines[0].get_xdata()) == 3
    collection_tracker = MetricTracker(MetricCollection([MacroF1(), MeanSquaredError()]), maximize=[True, False])
    for _ in range(2):
        collection_tracker.increment()
        collection_tracker.update(*labels())
    _, ax = collection_tracker.plot()
    assert len(ax.lines) == 2


def test_plot_without_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    metric = SumMetric()
    metric.update(torch.tensor(1.0))
    with pytest.raises(ModuleNotFoundError, match=r"`plot` extra"):
        metric.plot()
    metrics = MetricCollection([SumMetric()])
    metrics.update(torch.tensor(1.0))
    with pytest.raises(ModuleNotFoundError, match=r"metrics-core\[plot\]"):
        metrics.plot(together=True)
    tracker = MetricTracker(SumMetric(), maximize=True)
    tracker.increment()
    tracker.update(torch.tensor(1.0))
    with pytest.raises(ModuleNotFoundError, match=r"`plot` extra"):
        tracker.plot()


def test_confusion_matrix_heatmap_with_labels_and_counts(pyplot):
    from metrics_core.plotting import plot_confusion_matrix

    confmat = torch.tensor([[5, 1, 0], [2, 7, 1], [0, 3, 9]])
    fig, ax = plot_confusion_matrix(confmat, labels=["cat", "dog", "fox"])
    assert ax.get_figure() is fig
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["cat", "dog", "fox"]
    assert [text.get_text() for text in ax.texts] == [str(v) for v in confmat.flatten().tolist()]
    assert ax.get_images()[0].get_array().tolist() == confmat.tolist()
    _, ax = plot_confusion_matrix(confmat.float() / 10, add_text=False)
    assert len(ax.texts) == 0


def test_multilabel_confusion_matrices_get_one_axis_each(pyplot):
    from metrics_core.plotting import plot_confusion_matrix

    fig, axes = plot_confusion_matrix(torch.rand(3, 2, 2), labels=["a", "b", "c"])
    assert [axis.get_title() for axis in axes] == ["Label a", "Label b", "Label c"]
    assert sum(axis.axison for axis in fig.axes) == 3  # the fourth cell of the 2 x 2 grid is hidden
    _, given = pyplot.subplots(1, 3)
    _, drawn = plot_confusion_matrix(torch.rand(3, 2, 2), ax=given)
    assert list(drawn) == list(given)


@pytest.mark.parametrize(
    ("confmat", "kwargs", "match"),
    [
        (torch.zeros(2, 3), {}, r"\(C, C\) or \(L, 2, 2\)"),
        (torch.zeros(3, 3), {"labels": ["a", "b"]}, "Expected 3 `labels`, one per class"),
        (torch.zeros(4, 2, 2), {"labels": ["a"]}, "Expected 4 `labels`, one per label"),
    ],
)
def test_confusion_matrix_plot_rejects_bad_input(pyplot, confmat, kwargs, match):
    from metrics_core.plotting import plot_confusion_matrix

    with pytest.raises(ValueError, match=match):
        plot_confusion_matrix(confmat, **kwargs)
