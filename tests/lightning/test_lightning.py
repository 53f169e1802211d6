"""A tiny LightningModule trained on CPU with our metrics logged per step and per epoch.

Run by `nox -s lightning` (the only session that installs Lightning). Each rank saves what it fed
the metrics and what it logged; the test checks the logged values against a direct computation
over the inputs of every rank, in one process and in two (strategy="ddp" on gloo).

The two processes are started by the test, each building its own Trainer and module, the way
`torchrun` starts them (Lightning sees LOCAL_RANK and does not launch). Not `ddp_spawn`: it
pickles the module into the workers through shared memory, so until their first `reset()` the
metrics of both workers would add into the same state tensors.
"""

import os
import socket
from pathlib import Path

import pytest
import torch
import torch.multiprocessing as mp
from torch import Tensor, nn
from torch.utils.data import DataLoader, TensorDataset

pl = pytest.importorskip("lightning.pytorch")
from lightning.pytorch.loggers import Logger  # noqa: E402
from metrics_classification import MulticlassAccuracy, MulticlassF1Score  # noqa: E402
from metrics_core import MeanMetric, MetricCollection  # noqa: E402

NUM_CLASSES = 3
FEATURES = 6
SAMPLES = 48
BATCH_SIZE = 8
EPOCHS = 2


def dataset(seed: int) -> TensorDataset:
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(SAMPLES, FEATURES, generator=generator)
    y = (x[:, :NUM_CLASSES] + 0.7 * torch.randn(SAMPLES, NUM_CLASSES, generator=generator)).argmax(1)
    return TensorDataset(x, y)


class MemoryLogger(Logger):
    """Keeps every `log_metrics` call; the module saves them with the rest of the rank's record."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, float]] = []

    @property
    def name(self) -> str:
        return "memory"

    @property
    def version(self) -> int:
        return 0

    def log_hyperparams(self, params, *args, **kwargs) -> None:
        pass

    def log_metrics(self, metrics: dict[str, float], step: int | None = None) -> None:
        self.records.append(dict(metrics))


class TinyClassifier(pl.LightningModule):
    """A linear classifier whose metrics are logged per step (forward) and per epoch (compute)."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__()
        self.model = nn.Linear(FEATURES, NUM_CLASSES)
        self.train_accuracy = MulticlassAccuracy(num_classes=NUM_CLASSES)
        self.train_loss = MeanMetric()
        self.val_metrics = MetricCollection(
            {
                "accuracy": MulticlassAccuracy(num_classes=NUM_CLASSES),
                "f1": MulticlassF1Score(num_classes=NUM_CLASSES),
            },
            prefix="val_",
        )
        self.out_dir = out_dir
        self.record: dict[str, list] = {"steps": [], "train": [], "val": [], "epochs": []}
        self.train_inputs: list[tuple[Tensor, Tensor, Tensor]] = []
        self.val_inputs: list[tuple[Tensor, Tensor]] = []

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.5)

    def training_step(self, batch, batch_idx):
        x, y = batch
        logits = self.model(x)
        loss = nn.functional.cross_entropy(logits, y)
        step_accuracy = self.train_accuracy(logits, y)  # this batch's value; also accumulates
        self.train_loss.update(loss.detach(), weight=len(y))
        self.log("train_accuracy_step", step_accuracy, on_step=True, on_epoch=False)
        preds = logits.detach().argmax(1)
        self.record["steps"].append((step_accuracy.clone(), preds, y))
        self.train_inputs.append((preds, y, loss.detach().expand(len(y))))
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self.model(x)
        self.val_metrics.update(logits, y)
        self.val_inputs.append((logits.argmax(1), y))

    def on_validation_epoch_end(self):
        values = self.val_metrics.compute()  # synced over every rank
        self.log_dict(values)
        self.record["val"].append(({key: value.clone() for key, value in values.items()}, self.val_inputs))
        self.val_metrics.reset()
        self.val_inputs = []

    def on_train_epoch_end(self):
        accuracy, loss = self.train_accuracy.compute(), self.train_loss.compute()
        self.log_dict({"train_accuracy_epoch": accuracy, "train_loss_epoch": loss})
        self.record["train"].append((accuracy.clone(), loss.clone(), self.train_inputs))
        self.train_accuracy.reset()
        self.train_loss.reset()
        self.train_inputs = []

    def on_fit_end(self):
        self.record["logged"] = self.trainer.logger.records
        torch.save(self.record, self.out_dir / f"rank{self.global_rank}.pt")

    def train_dataloader(self):
        return DataLoader(dataset(0), batch_size=BATCH_SIZE)

    def val_dataloader(self):
        return DataLoader(dataset(1), batch_size=BATCH_SIZE)


def macro(preds: Tensor, target: Tensor, kind: str) -> Tensor:
    """Macro accuracy (mean recall) or macro F1 over the classes present in preds or target."""
    values = []
    for c in range(NUM_CLASSES):
        tp = ((preds == c) & (target == c)).sum().double()
        fp = ((preds == c) & (target != c)).sum().double()
        fn = ((preds != c) & (target == c)).sum().double()
        if tp + fp + fn == 0:
            continue
        if kind == "accuracy":
            values.append(tp / (tp + fn) if tp + fn else torch.tensor(0.0, dtype=torch.float64))
        else:
            values.append(2 * tp / (2 * tp + fp + fn))
    return torch.stack(values).mean()


def cat(parts: list[tuple[Tensor, ...]], index: int) -> Tensor:
    return torch.cat([part[index] for part in parts])


def fit(out_dir: Path, devices: int) -> None:
    trainer = pl.Trainer(
        accelerator="cpu",
        devices=devices,
        strategy="ddp" if devices > 1 else "auto",
        max_epochs=EPOCHS,
        logger=MemoryLogger(),
        log_every_n_steps=1,
        num_sanity_val_steps=0,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        default_root_dir=out_dir,
    )
    trainer.fit(TinyClassifier(out_dir))


def ddp_worker(rank: int, world_size: int, port: int, out_dir: Path) -> None:
    env = {"MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port), "WORLD_SIZE": str(world_size)}
    os.environ.update(env, RANK=str(rank), LOCAL_RANK=str(rank), NODE_RANK="0")
    torch.set_num_threads(1)
    fit(out_dir, devices=world_size)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
@pytest.mark.parametrize("devices", [1, 2], ids=["one-process", "ddp-gloo-2-processes"])
def test_metrics_logged_per_step_and_epoch_equal_a_direct_computation(tmp_path, devices):
    if devices == 1:
        fit(tmp_path, devices=1)
    else:
        mp.spawn(ddp_worker, args=(devices, free_port(), tmp_path), nprocs=devices)

    ranks = [torch.load(tmp_path / f"rank{rank}.pt", weights_only=False) for rank in range(devices)]
    steps_per_epoch = SAMPLES // BATCH_SIZE // devices
    for record in ranks:
        assert len(record["steps"]) == EPOCHS * steps_per_epoch
        for value, preds, target in record["steps"]:  # forward: the value of that batch alone
            torch.testing.assert_close(value.double(), macro(preds, target, "accuracy"))

    for epoch in range(EPOCHS):
        # Every rank's compute() gives the value over the inputs of all ranks.
        train_inputs = [part for record in ranks for part in record["train"][epoch][2]]
        val_inputs = [part for record in ranks for part in record["val"][epoch][1]]
        assert len(cat(train_inputs, 1)) == len(cat(val_inputs, 1)) == SAMPLES
        expected = {
            "train_accuracy_epoch": macro(cat(train_inputs, 0), cat(train_inputs, 1), "accuracy"),
            "train_loss_epoch": cat(train_inputs, 2).double().mean(),
            "val_accuracy": macro(cat(val_inputs, 0), cat(val_inputs, 1), "accuracy"),
            "val_f1": macro(cat(val_inputs, 0), cat(val_inputs, 1), "f1"),
        }
        for record in ranks:
            accuracy, loss, _ = record["train"][epoch]
            values, _ = record["val"][epoch]
            got = {"train_accuracy_epoch": accuracy, "train_loss_epoch": loss, **values}
            for key, value in expected.items():
                torch.testing.assert_close(got[key].double(), value, rtol=1e-5, atol=1e-6, msg=key)

        # What reached Lightning's logger (rank 0's): the same epoch values, and one entry per step.
        logged = ranks[0]["logged"]
        for key, value in expected.items():
            values = [entry[key] for entry in logged if key in entry]
            assert len(values) == EPOCHS, key
            assert values[epoch] == pytest.approx(value.item(), rel=1e-5), key
    step_values = [entry["train_accuracy_step"] for entry in ranks[0]["logged"] if "train_accuracy_step" in entry]
    assert step_values == pytest.approx([value.item() for value, _, _ in ranks[0]["steps"]])
