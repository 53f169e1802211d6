"""The registry end to end, through the entry points of the installed test plugins in tests/plugins/."""

import os
import shutil
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest
import torch
from metrics_core.registry import DISABLE_ENV_VAR, MetricNameClashError
from metrics_core.registry import registry as global_registry

DISTRIBUTIONS = ("metrics-core", "metrics-good-plugin", "metrics-broken-plugin", "metrics-clash-plugin")


def core_plugin_metric_count() -> int:
    """How many metrics metrics-core's own plugin registers, counted by calling its hook directly."""
    from metrics_core import plugin

    names = []
    plugin.register_metrics(lambda metric, name=None, **_: names.append(name or metric))
    return len(names)


def _not_installed() -> list[str]:
    missing = []
    for name in DISTRIBUTIONS:
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing


pytestmark = pytest.mark.skipif(
    bool(_not_installed()),
    reason=f"not installed: {', '.join(_not_installed())} "
    "(pip install packages/metrics-core tests/plugins/*, as the nox integration session does)",
)


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.delenv(DISABLE_ENV_VAR, raising=False)
    global_registry.clear()
    yield global_registry
    global_registry.clear()


def run(argv, **env):
    environ = {key: value for key, value in os.environ.items() if key != DISABLE_ENV_VAR}
    return subprocess.run(argv, capture_output=True, text=True, check=False, env={**environ, **env})


def run_python(code, **env):
    result = run([sys.executable, "-c", textwrap.dedent(code)], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_good_plugin_metric_is_served_by_get(registry):
    from metrics_good_plugin.metrics import GoodSquaredSum

    assert registry.get("GoodSquaredSum") is GoodSquaredSum
    assert registry.get("GoodSSQ") is GoodSquaredSum
    metric = registry.create("GoodSquaredSum")
    metric.update(torch.tensor([1.0, 2.0, 3.0]))
    assert metric.compute().item() == 14.0
    info = registry.info("GoodSSQ")
    assert (info.name, info.plugin, info.domain, info.aliases) == (
        "GoodSquaredSum",
        "good",
        "testing",
        ("GoodSSQ",),
    )
    assert (info.distribution, info.version) == ("metrics-good-plugin", "0.1.0")
    assert info.summary == "Sum of the squares of every value seen."
    assert "GoodSquaredSum" in registry.names(domain="testing")
    assert "GoodSquaredSum" not in registry.names(domain="aggregation")


def test_core_metrics_come_through_the_same_entry_point_mechanism(registry):
    from metrics_core.aggregation import SumMetric

    assert registry.get("SumMetric") is SumMetric
    assert registry.info("SumMetric").distribution == "metrics-core"


def test_broken_plugin_is_reported_and_does_not_block_the_others(registry):
    records = {record.name: record for record in registry.plugins()}
    broken = records["broken"]
    assert (broken.distribution, broken.version, broken.metrics, broken.disabled) == (
        "metrics-broken-plugin",
        "0.1.0",
        0,
        False,
    )
    assert broken.error.startswith("ModuleNotFoundError:")
    assert "metrics_broken_plugin_missing_dependency" in broken.error
    assert (records["good"].metrics, records["good"].error) == (2, None)
    assert (records["clash"].metrics, records["clash"].error) == (2, None)
    assert (records["core"].metrics, records["core"].error) == (core_plugin_metric_count(), None)


def test_clash_names_both_plugins_and_qualified_names_resolve(registry):
    from metrics_clash_plugin.metrics import ClashSharedMetric
    from metrics_good_plugin.metrics import GoodSharedMetric

    with pytest.raises(MetricNameClashError) as caught:
        registry.get("SharedName")
    assert "'good'" in str(caught.value)
    assert "'clash'" in str(caught.value)
    assert registry.get("good:SharedName") is GoodSharedMetric
    assert registry.get("clash:SharedName") is ClashSharedMetric
    assert registry.get("ClashCount").__name__ == "ClashCount"


def test_import_metrics_core_imports_no_plugin():
    out = run_python("""
        import sys
        import metrics_core
        from metrics_core import registry
        watched = ["torch", "metrics_good_plugin", "metrics_clash_plugin", "metrics_core.plugin",
                   "metrics_core.aggregation"]
        print(sorted(name for name in watched if name in sys.modules))
        """)
    assert out.strip() == "[]"


def test_first_registry_call_loads_plugins_but_not_their_metrics():
    out = run_python("""
        import sys
        from metrics_core import registry
        registry.names()
        watched = ["metrics_good_plugin", "metrics_good_plugin.metrics", "metrics_clash_plugin.metrics",
                   "metrics_core.plugin", "metrics_core.aggregation"]
        print(sorted(name for name in watched if name in sys.modules))
        registry.get("GoodSquaredSum")
        print("metrics_good_plugin.metrics" in sys.modules, "metrics_clash_plugin.metrics" in sys.modules)
        """)
    before, after = out.splitlines()
    assert before == "['metrics_core.plugin', 'metrics_good_plugin']"
    assert after == "True False"


def test_disable_env_var_skips_plugins():
    out = run_python(
        """
        import sys
        from metrics_core import registry
        records = {record.name: record for record in registry.plugins()}
        print(records["good"].disabled, records["broken"].disabled, records["broken"].error)
        print("metrics_good_plugin" in sys.modules, "GoodSquaredSum" in registry.names())
        print(registry.get("SharedName").__name__)
        """,
        **{DISABLE_ENV_VAR: "good,broken"},
    )
    assert out.splitlines() == ["True True None", "False False", "ClashSharedMetric"]


@pytest.fixture(scope="module")
def metrics_script():
    script = shutil.which("metrics", path=str(Path(sys.executable).parent)) or shutil.which("metrics")
    if script is None:
        pytest.skip("the `metrics` console script is not on PATH nor next to the Python executable")
    return script


def test_console_script_plugins(metrics_script):
    result = run([metrics_script, "plugins"])
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split(maxsplit=4) for line in result.stdout.splitlines()[1:]}
    assert rows["good"] == ["good", "metrics-good-plugin", "0.1.0", "2", "ok"]
    assert rows["clash"] == ["clash", "metrics-clash-plugin", "0.1.0", "2", "ok"]
    assert rows["core"] == ["core", "metrics-core", "0.1.0", str(core_plugin_metric_count()), "ok"]
    assert rows["broken"][:4] == ["broken", "metrics-broken-plugin", "0.1.0", "0"]
    assert rows["broken"][4].startswith("error: ModuleNotFoundError:")


def test_console_script_list(metrics_script):
    result = run([metrics_script, "list"])
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[1:]]
    assert ["GoodSquaredSum", "testing", "good", "no"] in rows
    assert ["SumMetric", "aggregation", "core", "-"] in rows
    assert ["SharedName", "testing", "good", "yes"] in rows
    assert ["SharedName", "-", "clash", "no"] in rows
    assert "'SharedName' is registered by several plugins" in result.stderr

    result = run([metrics_script, "list", "--domain", "testing"])
    assert result.returncode == 0, result.stderr
    assert sorted(line.split()[0] for line in result.stdout.splitlines()[1:]) == [
        "ClashCount",
        "GoodSquaredSum",
        "SharedName",
    ]


def test_console_script_errors_are_one_line(metrics_script):
    for argv, expected in [
        (["info", "GoodSquaredSun"], "did you mean 'GoodSquaredSum'"),
        (["info", "SharedName"], "'clash:SharedName' or 'good:SharedName'"),
        (["frobnicate"], "invalid choice"),
    ]:
        result = run([metrics_script, *argv])
        assert result.returncode == 2
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1
        assert expected in result.stderr
