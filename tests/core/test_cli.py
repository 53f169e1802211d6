import io
import json
import subprocess
import sys

import pytest
import torch
from metrics_core import cli, cli_compute
from metrics_core.hookspecs import hookimpl
from metrics_core.metric import Metric
from metrics_core.registry import MetricRegistry


class Squares(Metric):
    """Sum of squared values."""

    higher_is_better = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, values):
        self.total += values.square().sum()

    def compute(self):
        return self.total


class Hits(Squares):
    """Count of hits."""

    higher_is_better = True


class Neutral(Squares):
    """A metric without a direction."""

    higher_is_better = None


class DemoPlugin:
    @staticmethod
    @hookimpl
    def register_metrics(register):
        register(Squares, aliases=["SSQ"], domain="demo")
        register(Hits, domain="demo")
        register(Neutral, "Shared", domain="other")
        register("cli_test_module_that_does_not_exist:Gone", domain="other")


class ClashPlugin:
    @staticmethod
    @hookimpl
    def register_metrics(register):
        register(Hits, "Shared")


class FailingPlugin:
    @staticmethod
    @hookimpl
    def register_metrics(register):
        raise RuntimeError("cannot register\nanything")


@pytest.fixture(autouse=True)
def reg(monkeypatch):
    reg = MetricRegistry(group=None)
    reg.register_plugin(DemoPlugin, name="demo")
    reg.register_plugin(ClashPlugin, name="clash")
    reg.register_plugin(FailingPlugin, name="failing")
    monkeypatch.setattr(cli, "registry", reg)
    return reg


def run(capsys, *argv):
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def test_list_shows_name_domain_plugin_and_direction(capsys):
    status, out, err = run(capsys, "list")
    assert status == 0
    assert out[0].split() == ["NAME", "DOMAIN", "PLUGIN", "HIGHER_IS_BETTER"]
    assert [line.split() for line in out[1:]] == [
        ["Gone", "other", "demo", "?"],
        ["Hits", "demo", "demo", "yes"],
        ["Shared", "-", "clash", "yes"],
        ["Shared", "other", "demo", "-"],
        ["Squares", "demo", "demo", "no"],
    ]
    assert err == ["note: 'Shared' is registered by several plugins; ask for it as 'plugin:Shared'"]


def test_list_domain_filter(capsys):
    status, out, _ = run(capsys, "list", "--domain", "demo")
    assert status == 0
    assert [line.split()[0] for line in out[1:]] == ["Hits", "Squares"]


def test_list_unknown_domain_is_a_usage_error(capsys):
    status, out, err = run(capsys, "list", "--domain", "nope")
    assert status == 2
    assert out == []
    assert err == ["metrics: error: no metric in domain 'nope'; domains: demo, other"]


def test_info_describes_a_metric_found_by_alias(capsys):
    status, out, err = run(capsys, "info", "SSQ")
    assert status == 0
    assert err == []
    fields = dict(line.split(":", 1) for line in out)
    fields = {key: value.strip() for key, value in fields.items()}
    assert fields == {
        "name": "Squares",
        "aliases": "SSQ",
        "domain": "demo",
        "plugin": "demo",
        "distribution": "-",
        "reference": f"{__name__}:Squares",
        "higher is better": "no",
        "summary": "Sum of squared values.",
        "arguments": "**kwargs",
    }


def test_info_of_a_qualified_name(capsys):
    status, out, _ = run(capsys, "info", "clash:Shared")
    assert status == 0
    assert "summary:          Count of hits." in out


def test_info_unknown_metric_exits_2_with_one_line(capsys):
    status, out, err = run(capsys, "info", "squares")
    assert status == 2
    assert out == []
    assert len(err) == 1
    assert err[0].startswith("metrics: error: unknown metric 'squares'; did you mean 'Squares'")
    assert "failing (failed to load)" in err[0]


def test_info_clashing_name_exits_2_naming_both_plugins(capsys):
    status, _, err = run(capsys, "info", "Shared")
    assert status == 2
    assert len(err) == 1
    assert "'demo:Shared' or 'clash:Shared'" in err[0]


def test_info_of_an_unimportable_metric_exits_1_with_one_line(capsys):
    status, _, err = run(capsys, "info", "Gone")
    assert status == 1
    assert len(err) == 1
    assert err[0].startswith("metrics: error: metric 'Gone' of plugin 'demo' cannot be imported")


def test_plugins_reports_counts_and_errors(capsys):
    status, out, _ = run(capsys, "plugins")
    assert status == 0
    assert out[0].split() == ["NAME", "DISTRIBUTION", "VERSION", "METRICS", "STATUS"]
    rows = {line.split()[0]: line.split(maxsplit=4) for line in out[1:]}
    assert rows["demo"] == ["demo", "-", "-", "4", "ok"]
    assert rows["clash"] == ["clash", "-", "-", "1", "ok"]
    assert rows["failing"] == [
        "failing",
        "-",
        "-",
        "0",
        "error: register_metrics raised RuntimeError: cannot register anything",
    ]


@pytest.mark.parametrize("argv", [[], ["bogus"], ["list", "--bad"], ["info"]])
def test_bad_usage_exits_2_with_one_line(capsys, argv):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == []
    assert len(err) == 1
    assert err[0].startswith("metrics: error: ")
    assert err[0].endswith("--help')")


def test_help_exits_0(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert any("plugins" in line for line in out)


def test_module_entry_point_runs_with_the_installed_plugins():
    result = subprocess.run(
        [sys.executable, "-m", "metrics_core.cli", "plugins"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:5] == ["NAME", "DISTRIBUTION", "VERSION", "METRICS", "STATUS"]


# ---- metrics compute ------------------------------------------------------------------------------


class MeanAbsError(Metric):
    """Mean absolute difference, optionally squared, scaled and reported per column."""

    def __init__(self, scale=1.0, squared=False, columns=None, offset=0, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(scale, (int, float)) or isinstance(scale, bool):
            raise ValueError(f"Expected `scale` to be a number, got {scale!r}")
        self.scale, self.squared, self.columns, self.offset = scale, squared, columns, offset
        self.add_state("total", default=torch.tensor(0.0, dtype=torch.float64), dist_reduce_fx="sum")
        self.add_state("count", default=torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds, target):
        if preds.shape != target.shape:
            raise ValueError(f"Expected `preds` and `target` of the same shape, got {preds.shape} and {target.shape}")
        error = (preds.double() - target.double()).abs()
        self.total += (error.square() if self.squared else error).sum()
        self.count += target.numel()

    def compute(self):
        return self.scale * self.total / self.count + self.offset


class Pair(Metric):
    """Returns a dict of two tensors and a NaN."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, preds, target):
        self.total += (preds - target).sum()

    def compute(self):
        return {"total": self.total, "both": torch.stack([self.total, self.total]), "nan": torch.tensor(float("nan"))}


class WeightedGap(Metric):
    """Weighted mean of ``preds - target`` per row: a third, required input given by name."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_state("total", default=torch.tensor(0.0, dtype=torch.float64), dist_reduce_fx="sum")
        self.add_state("weights", default=torch.tensor(0.0, dtype=torch.float64), dist_reduce_fx="sum")

    def update(self, preds, target, weight):
        gaps = (preds.double() - target.double()).reshape(preds.shape[0], -1).mean(1)
        self.total += (gaps * weight.double().reshape(-1)).sum()
        self.weights += weight.double().sum()

    def compute(self):
        return self.total / self.weights


class ComputePlugin:
    @staticmethod
    @hookimpl
    def register_metrics(register):
        register(MeanAbsError, aliases=["MAE"], domain="demo")
        register(Pair, domain="demo")
        register(WeightedGap, domain="demo")


@pytest.fixture
def compute_reg(reg):
    reg.register_plugin(ComputePlugin, name="compute")
    return reg


@pytest.fixture
def inputs(tmp_path):
    """The same predictions and targets (20 x 3, integers in the target) written as .npy, .pt and .csv."""
    np = pytest.importorskip("numpy")
    generator = torch.Generator().manual_seed(0)
    preds = torch.rand(20, 3, generator=generator, dtype=torch.float64)
    target = torch.randint(0, 2, (20, 3), generator=generator)
    np.save(tmp_path / "preds.npy", preds.numpy())
    np.save(tmp_path / "target.npy", target.numpy())
    torch.save(preds, tmp_path / "preds.pt")
    torch.save(target, tmp_path / "target.pt")
    (tmp_path / "preds.csv").write_text("a,b,c\n" + "\n".join(",".join(repr(v) for v in row) for row in preds.tolist()))
    (tmp_path / "target.csv").write_text("\n".join(",".join(str(v) for v in row) for row in target.tolist()) + "\n")
    expected = (preds - target).abs().mean().item()
    return tmp_path, expected


@pytest.mark.parametrize("preds_ext", ["npy", "pt", "csv"])
@pytest.mark.parametrize("target_ext", ["npy", "pt", "csv"])
def test_compute_reads_npy_pt_and_csv(capsys, compute_reg, inputs, preds_ext, target_ext):
    folder, expected = inputs
    status, out, err = run(
        capsys, "compute", "MeanAbsError", "--preds", str(folder / f"preds.{preds_ext}"), "--target",
        str(folder / f"target.{target_ext}"), "--json",
    )  # fmt: skip
    assert (status, err) == (0, [])
    report = json.loads(out[0])
    assert report["rows"] == 20
    assert report["value"] == pytest.approx(expected, rel=1e-6)  # .csv floats are read as float32


def test_compute_prints_the_bare_value(capsys, compute_reg, inputs):
    folder, expected = inputs
    status, out, _ = run(
        capsys, "compute", "MAE", "--preds", str(folder / "preds.pt"), "--target", str(folder / "target.pt")
    )
    assert status == 0
    assert out == [f"{expected:.6g}"]


@pytest.mark.parametrize("batch_size", ["1", "7", "20", "1000"])
def test_compute_streaming_equals_one_shot(capsys, compute_reg, inputs, batch_size):
    folder, expected = inputs
    files = ["--preds", str(folder / "preds.npy"), "--target", str(folder / "target.npy")]
    status, out, err = run(capsys, "compute", "MeanAbsError", *files, "--batch-size", batch_size, "--json")
    assert (status, err) == (0, [])  # no progress bar: stderr is not a terminal and the input is short
    assert json.loads(out[0])["value"] == pytest.approx(expected, rel=1e-12)


def test_compute_passes_parsed_arguments(capsys, compute_reg, inputs):
    folder, expected = inputs
    files = ["--preds", str(folder / "preds.pt"), "--target", str(folder / "target.pt")]
    args = ["--arg", "scale=2", "--arg", "offset=0.5", "--arg", "squared=false", "--arg", "columns=[0, 2]"]
    status, out, _ = run(capsys, "compute", "MeanAbsError", *files, *args, "--json")
    assert status == 0
    report = json.loads(out[0])
    assert report["arguments"] == {"scale": 2, "offset": 0.5, "squared": False, "columns": [0, 2]}
    assert report["value"] == pytest.approx(2 * expected + 0.5, rel=1e-12)


def test_compute_formats_dicts_and_nan(capsys, compute_reg, inputs):
    folder, _ = inputs
    files = ["--preds", str(folder / "preds.pt"), "--target", str(folder / "preds.pt")]
    status, out, _ = run(capsys, "compute", "Pair", *files)
    assert status == 0
    assert out == ["total: 0", "both: [0, 0]", "nan: nan"]
    status, out, _ = run(capsys, "compute", "Pair", *files, "--json")
    assert json.loads(out[0])["value"] == {"total": 0.0, "both": [0.0, 0.0], "nan": None}


@pytest.mark.parametrize("batch_size", ["3", "1000"])
def test_compute_passes_further_inputs_by_name(capsys, compute_reg, inputs, batch_size):
    folder, _ = inputs
    weights = torch.arange(20.0) % 4
    (folder / "weights.csv").write_text("w\n" + "\n".join(str(int(w)) for w in weights))
    files = ["--preds", str(folder / "preds.pt"), "--target", str(folder / "target.pt")]
    argv = ["compute", "WeightedGap", *files, "--input", f"weight={folder / 'weights.csv'}", "--json"]
    status, out, err = run(capsys, *argv, "--batch-size", batch_size)
    assert (status, err) == (0, [])
    preds, target = torch.load(folder / "preds.pt"), torch.load(folder / "target.pt")
    expected = ((preds - target).mean(1) * weights.double()).sum() / weights.sum()
    assert json.loads(out[0])["value"] == pytest.approx(expected.item(), rel=1e-12)


def test_compute_single_input_metric_without_target(capsys, compute_reg, tmp_path):
    (tmp_path / "values.csv").write_text("1\n2\n3\n")
    status, out, _ = run(capsys, "compute", "Squares", "--preds", str(tmp_path / "values.csv"))
    assert (status, out) == (0, ["14"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        ("-2", -2),
        ("0.25", 0.25),
        ("1e-3", 0.001),
        ("true", True),
        ("False", False),
        ("None", None),
        ("null", None),
        ("macro", "macro"),
        ("[1, 2, 3]", [1, 2, 3]),
        ("(0.1, 0.9)", (0.1, 0.9)),
        ("0.1,0.5,0.9", [0.1, 0.5, 0.9]),
        ("['a', None]", ["a", None]),
    ],
)
def test_arg_values_are_parsed(text, expected):
    assert cli_compute.parse_value(text) == expected


def test_progress_bar_on_a_terminal(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(stream, "isatty", lambda: True)
    assert cli_compute.show_progress(100, 10, stream)
    assert not cli_compute.show_progress(10, 10, stream)
    progress = cli_compute.Progress(100, stream)
    for done in (50, 100):
        progress.advance(done)
    lines = stream.getvalue().split("\r")
    assert lines[1].startswith("[" + "#" * 15 + "." * 15 + "] 50/100 rows  50%")
    assert lines[2].startswith("[" + "#" * 30 + "] 100/100 rows 100%")
    assert lines[2].endswith("\n")


def test_progress_is_shown_for_long_inputs_only_when_not_a_terminal():
    stream = io.StringIO()
    assert not cli_compute.show_progress(100, 10, stream)
    assert cli_compute.show_progress(cli_compute.LONG_INPUT_ROWS, 10, stream)
    progress = cli_compute.Progress(100, stream)
    for done in range(5, 101, 5):
        progress.advance(done)
    assert len(stream.getvalue().splitlines()) == 10  # every 10 %


def _write_bad_files(folder):
    (folder / "notes.txt").write_text("1\n")
    (folder / "garbage.npy").write_bytes(b"not an array")
    (folder / "garbage.pt").write_bytes(b"not a tensor")
    (folder / "words.csv").write_text("1\nabc\n")
    (folder / "ragged.csv").write_text("1,2\n3\n")
    (folder / "empty.csv").write_text("header\n")
    torch.save({"a": torch.zeros(2)}, folder / "dict.pt")
    torch.save(torch.zeros(5, 3), folder / "five.pt")
    torch.save(torch.zeros(20, 4), folder / "wide.pt")
    (folder / "weights.csv").write_text("\n".join(str(1 + i % 3) for i in range(20)))


USER_MISTAKES = {
    "unknown metric": (["MeanAbsErr"], "unknown metric 'MeanAbsErr'; did you mean 'MeanAbsError'"),
    "missing --preds": ([], "the following arguments are required: --preds"),
    "unknown argument": (["MAE", "--arg", "scael=2"], "cannot create MAE with scael=2: Unexpected keyword"),
    "bad argument value": (["MAE", "--arg", "scale=big"], "cannot create MAE with scale='big': Expected `scale`"),
    "argument without =": (["MAE", "--arg", "scale"], "--arg expects key=value"),
    "argument twice": (["MAE", "--arg", "scale=1", "--arg", "scale=2"], "--arg scale is given twice"),
    "bad list": (["MAE", "--arg", "columns=[1,"], "cannot read '[1,' as a list"),
    "batch size 0": (["MAE", "--batch-size", "0"], "--batch-size must be a positive number of rows, got 0"),
    "batch size word": (["MAE", "--batch-size", "ten"], "argument --batch-size: invalid int value: 'ten'"),
    "missing file": (["MAE", "--preds", "{d}/nope.npy"], "--preds file '{d}/nope.npy' does not exist"),
    "directory": (["MAE", "--target", "{d}/dir.csv"], "--target file '{d}/dir.csv' does not exist (it is a directory)"),
    "extension": (["MAE", "--preds", "{d}/notes.txt"], "unsupported extension '.txt'; use .npy, .pt or .csv"),
    "corrupt npy": (["MAE", "--preds", "{d}/garbage.npy"], "--preds file '{d}/garbage.npy' cannot be read: "),
    "corrupt pt": (["MAE", "--target", "{d}/garbage.pt"], "--target file '{d}/garbage.pt' cannot be read: "),
    "not a tensor": (["MAE", "--preds", "{d}/dict.pt"], "expected one tensor saved with torch.save, found dict"),
    "csv word": (["MAE", "--preds", "{d}/words.csv"], "--preds file '{d}/words.csv': row 2: 'abc' is not a number"),
    "csv ragged": (["MAE", "--preds", "{d}/ragged.csv"], "row 2 has 1 columns, the first has 2"),
    "csv empty": (["MAE", "--preds", "{d}/empty.csv"], "--preds file '{d}/empty.csv': holds no rows"),
    "row mismatch": (["MAE", "--preds", "{d}/five.pt"], "--preds has 5 rows (shape (5, 3)) but --target has 20"),
    "shape mismatch": (["MAE", "--preds", "{d}/wide.pt"], "MAE rejected the input (rows 0-19): Expected `preds`"),
    "missing target": (["MAE", "--target", None], "MAE needs --target: its update takes preds, target"),
    "extra target": (["Squares"], "Squares takes a single input (values): give --preds without --target"),
    "input without =": (["MAE", "--input", "weights.csv"], "--input expects name=FILE"),
    "input unknown": (["MAE", "--input", "weight={d}/weights.csv"], "MAE's update has no further input named 'weight'"),
    "input as target": (["MAE", "--input", "target={d}/weights.csv"], "--input target is given twice"),
    "input rows": (["WeightedGap", "--input", "weight={d}/five.pt"], "but --input weight has 5 (shape (5, 3))"),
    "input missing": (["WeightedGap"], "WeightedGap needs --input weight=FILE: its update takes preds, target, weight"),
}


@pytest.mark.parametrize("mistake", USER_MISTAKES)
def test_compute_user_mistakes_exit_2_with_one_line(capsys, compute_reg, inputs, mistake):
    folder, _ = inputs
    _write_bad_files(folder)
    (folder / "dir.csv").mkdir()
    extra, message = USER_MISTAKES[mistake]
    extra = [item.format(d=folder) if item else item for item in extra]
    name, options = (extra[0], extra[1:]) if extra and not extra[0].startswith("--") else (None, extra)
    files = {"--preds": str(folder / "preds.pt"), "--target": str(folder / "target.pt")}
    for flag, value in zip(options[::2], options[1::2]):
        if flag in files:
            files[flag] = value
    argv = ["compute", *([name] if name else [])]
    argv += [item for flag, value in files.items() if value is not None for item in (flag, value)]
    argv += [item for flag, value in zip(options[::2], options[1::2]) if flag not in files for item in (flag, value)]
    if mistake == "missing --preds":
        argv = ["compute", "MAE", "--target", files["--target"]]
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == []
    assert len(err) == 1, err
    assert err[0].startswith("metrics: error: ")
    assert message.format(d=folder) in err[0]


def test_compute_of_an_unimportable_metric_exits_1(capsys, compute_reg, inputs):
    folder, _ = inputs
    status, _, err = run(capsys, "compute", "Gone", "--preds", str(folder / "preds.pt"))
    assert status == 1
    assert len(err) == 1


def test_compute_command_line_with_the_installed_plugins(tmp_path):
    (tmp_path / "loss.csv").write_text("loss\n0.5\n1.5\n1.0\n")
    command = [sys.executable, "-m", "metrics_core.cli", "compute", "MeanMetric", "--preds", str(tmp_path / "loss.csv")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "1\n", "")
    result = subprocess.run([*command[:4], "MeanMetrc", *command[5:]], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("metrics: error: unknown metric 'MeanMetrc'; did you mean 'MeanMetric'")


def test_info_lists_constructor_arguments_with_defaults(capsys, compute_reg):
    status, out, _ = run(capsys, "info", "MAE")
    assert status == 0
    assert "arguments:        scale=1.0, squared=False, columns=None, offset=0, **kwargs" in out
