import subprocess
import sys

import pytest
import torch
from metrics_core import cli
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
