import subprocess
import sys
import textwrap
import types
import uuid
from importlib import metadata

import pluggy
import pytest
import torch
from metrics_core.hookspecs import hookimpl
from metrics_core.metric import Metric
from metrics_core.registry import (
    DISABLE_ENV_VAR,
    MetricNameClashError,
    MetricNotFoundError,
    MetricRegistry,
)


class Squares(Metric):
    """Sum of squared values.

    More text that the summary leaves out.
    """

    higher_is_better = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_state("total", default=torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, values):
        self.total += values.square().sum()

    def compute(self):
        return self.total


class OtherSquares(Squares):
    """Another metric class, for a second plugin."""


class FakePlugin:
    """A plugin object whose ``register_metrics`` hook is the given function."""

    def __init__(self, register_metrics):
        self.register_metrics = hookimpl(register_metrics)


plugin = FakePlugin


def registering(*calls):
    """A plugin whose hook calls ``register(*args, **kwargs)`` for each ``(args, kwargs)``."""

    def register_metrics(register):
        for args, kwargs in calls:
            register(*args, **kwargs)

    return plugin(register_metrics)


@pytest.fixture
def reg():
    return MetricRegistry(group=None)


@pytest.fixture
def modules(tmp_path, monkeypatch):
    """A folder on sys.path for throwaway modules, and a unique prefix for their names."""
    prefix = f"regtest_{uuid.uuid4().hex[:10]}"
    monkeypatch.syspath_prepend(tmp_path)
    yield tmp_path, prefix
    for name in [name for name in sys.modules if name.startswith(prefix)]:
        del sys.modules[name]


def write_metric_module(folder, name, class_name="Lazy"):
    (folder / f"{name}.py").write_text(
        textwrap.dedent(f"""
            import torch
            from metrics_core.metric import Metric

            class {class_name}(Metric):
                '''A metric imported lazily.'''

                higher_is_better = True

                def __init__(self, **kwargs):
                    super().__init__(**kwargs)
                    self.add_state("n", default=torch.tensor(0), dist_reduce_fx="sum")

                def update(self, x):
                    self.n += x.numel()

                def compute(self):
                    return self.n
            """)
    )


def test_register_class_get_and_create(reg):
    reg.register_plugin(registering(((Squares,), {})), name="mine")
    assert reg.get("Squares") is Squares
    metric = reg.create("Squares", compute_with_cache=False)
    assert isinstance(metric, Squares)
    assert metric.compute_with_cache is False
    metric.update(torch.tensor([1.0, 2.0]))
    assert metric.compute().item() == 5.0
    assert reg.names() == ["Squares"]


def test_explicit_name_and_name_from_lazy_reference(reg):
    reg.register_plugin(registering(((Squares, "SquareSum"), {}), ((f"{__name__}:OtherSquares",), {})), name="mine")
    assert reg.names() == ["OtherSquares", "SquareSum"]
    assert reg.get("SquareSum") is Squares
    assert reg.get("OtherSquares") is OtherSquares


def test_lazy_reference_imports_its_module_only_on_get(reg, modules):
    folder, prefix = modules
    module = f"{prefix}_lazy"
    write_metric_module(folder, module)
    reg.register_plugin(registering(((f"{module}:Lazy",), {"domain": "demo"})), name="lazy")
    assert reg.names() == ["Lazy"]
    assert [info.name for info in reg.entries("demo")] == ["Lazy"]
    assert module not in sys.modules
    cls = reg.get("Lazy")
    assert module in sys.modules
    assert cls is sys.modules[module].Lazy
    assert issubclass(cls, Metric)


def test_info_reads_summary_and_sources(reg, modules):
    folder, prefix = modules
    module = f"{prefix}_info"
    write_metric_module(folder, module)
    reg.register_plugin(
        registering(((Squares,), {"aliases": ["SSQ"], "domain": "demo"}), ((f"{module}:Lazy",), {})),
        name="mine",
    )
    info = reg.info("SSQ")
    assert (info.name, info.plugin, info.domain, info.aliases) == ("Squares", "mine", "demo", ("SSQ",))
    assert info.summary == "Sum of squared values."
    assert info.reference == f"{__name__}:Squares"
    assert (info.distribution, info.version) == (None, None)
    assert module not in sys.modules
    assert reg.info("Lazy").summary == "A metric imported lazily."
    assert module in sys.modules


def test_entries_leave_summary_unread(reg):
    reg.register_plugin(registering(((Squares,), {"domain": "demo"})), name="mine")
    (entry,) = reg.entries()
    assert (entry.name, entry.plugin, entry.domain, entry.summary) == ("Squares", "mine", "demo", None)


def test_aliases_resolve_to_the_same_class(reg):
    reg.register_plugin(registering(((Squares,), {"aliases": ("SSQ", "sum_of_squares")})), name="mine")
    assert reg.get("SSQ") is reg.get("sum_of_squares") is reg.get("Squares") is Squares
    assert reg.get("mine:SSQ") is Squares
    assert reg.names() == ["Squares"]


def test_single_string_alias_is_one_alias(reg):
    reg.register_plugin(registering(((Squares,), {"aliases": "SSQ"})), name="mine")
    assert reg.info("Squares").aliases == ("SSQ",)


def test_domain_filter(reg):
    reg.register_plugin(
        registering(
            ((Squares,), {"domain": "a"}),
            ((OtherSquares,), {"domain": "b"}),
            ((Squares, "NoDomain"), {}),
        ),
        name="mine",
    )
    assert reg.names() == ["NoDomain", "OtherSquares", "Squares"]
    assert reg.names(domain="a") == ["Squares"]
    assert reg.names(domain="b") == ["OtherSquares"]
    assert reg.names(domain="c") == []
    assert reg.domains() == ["a", "b"]


def test_names_are_case_sensitive_and_unknown_names_get_suggestions(reg):
    reg.register_plugin(registering(((Squares,), {}), ((OtherSquares,), {})), name="mine")
    with pytest.raises(KeyError, match="did you mean 'Squares'") as caught:
        reg.get("squares")
    assert isinstance(caught.value, MetricNotFoundError)
    assert str(caught.value).startswith("unknown metric 'squares'")
    with pytest.raises(KeyError, match="'Squares', 'OtherSquares'"):
        reg.get("Sqares")
    with pytest.raises(KeyError, match="2 names are registered"):
        reg.get("Completely different")
    with pytest.raises(KeyError, match="did you mean 'mine:Squares'"):
        reg.get("mine:Sqares")


def test_failing_hook_is_recorded_and_isolated(reg):
    def register_metrics(register):
        register(OtherSquares, "Partial")
        raise RuntimeError("boom")

    reg.register_plugin(registering(((Squares,), {})), name="good")
    reg.register_plugin(plugin(register_metrics), name="bad")
    reg.register_plugin(registering(((OtherSquares,), {})), name="after")
    assert reg.get("Squares") is Squares
    assert reg.get("OtherSquares") is OtherSquares
    # A hook that raises keeps none of its registrations, not even those made before the error.
    with pytest.raises(KeyError, match=r"plugins not loaded: bad \(failed to load\)"):
        reg.get("Partial")
    records = {record.name: record for record in reg.plugins()}
    assert [record.name for record in reg.plugins()] == ["after", "bad", "good"]
    assert records["bad"].error == "register_metrics raised RuntimeError: boom"
    assert records["bad"].metrics == 0
    assert not records["bad"].disabled
    assert (records["good"].metrics, records["good"].error) == (1, None)


def test_clash_between_plugins_names_both_and_qualified_names_pick_one(reg):
    reg.register_plugin(registering(((Squares, "Shared"), {})), name="first")
    reg.register_plugin(registering(((OtherSquares, "Shared"), {})), name="second")
    with pytest.raises(MetricNameClashError) as caught:
        reg.get("Shared")
    assert isinstance(caught.value, LookupError)
    message = str(caught.value)
    assert "'first'" in message
    assert "'second'" in message
    assert "'first:Shared' or 'second:Shared'" in message
    with pytest.raises(MetricNameClashError):
        reg.info("Shared")
    with pytest.raises(MetricNameClashError):
        reg.create("Shared")
    assert reg.get("first:Shared") is Squares
    assert reg.get("second:Shared") is OtherSquares
    assert reg.info("second:Shared").plugin == "second"
    assert reg.names() == ["Shared"]
    assert [(info.name, info.plugin) for info in reg.entries()] == [("Shared", "first"), ("Shared", "second")]


def test_alias_clashes_with_another_plugins_name(reg):
    reg.register_plugin(registering(((Squares,), {})), name="first")
    reg.register_plugin(registering(((OtherSquares,), {"aliases": ["Squares"]})), name="second")
    with pytest.raises(MetricNameClashError, match="alias of 'OtherSquares'"):
        reg.get("Squares")
    assert reg.get("first:Squares") is Squares
    assert reg.get("second:Squares") is OtherSquares
    assert reg.get("OtherSquares") is OtherSquares


def test_same_registration_twice_is_idempotent(reg):
    reg.register_plugin(
        registering(
            ((Squares,), {"aliases": ["A"]}),
            ((Squares,), {"aliases": ["B"]}),
            ((f"{__name__}:OtherSquares",), {}),
            ((OtherSquares,), {}),
        ),
        name="mine",
    )
    (record,) = reg.plugins()
    assert (record.metrics, record.error) == (2, None)
    assert reg.info("Squares").aliases == ("A", "B")
    assert reg.get("B") is Squares


@pytest.mark.parametrize(
    ("calls", "error"),
    [
        ([((Squares, "X"), {}), ((OtherSquares, "X"), {})], "registers 'X' twice"),
        ([((Squares,), {"domain": "a"}), ((Squares,), {"domain": "b"})], "registers 'Squares' twice"),
        ([((Squares,), {}), ((OtherSquares,), {"aliases": ["Squares"]})], "uses 'Squares' for both"),
        ([(("not a reference",), {})], "not of the form 'module.path:ClassName'"),
        ([((42,), {})], "TypeError: register() takes a Metric subclass"),
        ([((Squares, "a:b"), {})], "without ':' or spaces"),
        ([((Squares,), {"aliases": [""]})], "without ':' or spaces"),
        ([((Squares,), {"domain": 3})], "domain must be a string"),
    ],
)
def test_invalid_registrations_are_recorded_as_plugin_errors(reg, calls, error):
    reg.register_plugin(registering(*calls), name="faulty")
    (record,) = reg.plugins()
    assert error in record.error
    assert reg.names() == []


def test_non_metric_target_raises_type_error_on_get(reg):
    reg.register_plugin(
        registering((("collections:OrderedDict",), {}), ((dict, "Dict"), {})),
        name="wrong",
    )
    assert reg.names() == ["Dict", "OrderedDict"]
    with pytest.raises(TypeError, match=r"not a subclass of metrics_core\.metric\.Metric"):
        reg.get("OrderedDict")
    with pytest.raises(TypeError, match="'Dict' of plugin 'wrong'"):
        reg.get("Dict")


def test_unimportable_reference_raises_import_error_on_get(reg, modules):
    folder, prefix = modules
    module = f"{prefix}_attr"
    write_metric_module(folder, module)
    reg.register_plugin(
        registering(((f"{prefix}_missing:Gone",), {}), ((f"{module}:Absent",), {})),
        name="stale",
    )
    with pytest.raises(ImportError, match=f"metric 'Gone' of plugin 'stale' cannot be imported from {prefix}"):
        reg.get("Gone")
    with pytest.raises(ImportError, match="has no attribute 'Absent'"):
        reg.get("Absent")


def test_register_plugin_module_and_name_rules(reg):
    module = types.ModuleType("my_metrics_plugin")
    module.register_metrics = hookimpl(lambda register: register(Squares))
    assert reg.register_plugin(module) == "my_metrics_plugin"
    assert reg.get("my_metrics_plugin:Squares") is Squares
    with pytest.raises(ValueError, match="already registered"):
        reg.register_plugin(registering(), name="my_metrics_plugin")


def test_hookimpl_with_wrong_signature_is_rejected(reg):
    def register_metrics(register, extra):
        raise AssertionError("never called")

    with pytest.raises(pluggy.PluginValidationError):
        reg.register_plugin(plugin(register_metrics), name="wrong")
    assert reg.plugins() == []


def test_reload_keeps_code_plugins_and_clear_forgets_them(reg):
    calls = []

    def register_metrics(register):
        calls.append(register)
        register(Squares)

    reg.register_plugin(plugin(register_metrics), name="mine")
    reg.reload()
    assert reg.get("Squares") is Squares
    assert len(calls) == 2
    reg.clear()
    assert reg.plugins() == []
    with pytest.raises(KeyError):
        reg.get("Squares")


# Entry-point discovery, with throwaway distributions on sys.path under a unique group.


def make_distribution(folder, dist, group, entry_name, module, source):
    (folder / f"{module}.py").write_text(textwrap.dedent(source))
    info = folder / f"{dist.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(f"[{group}]\n{entry_name} = {module}\n")


@pytest.fixture
def installed(modules):
    """Three plugins installed under a unique entry-point group: working, unimportable, failing hook."""
    folder, prefix = modules
    group = f"{prefix}_group"
    write_metric_module(folder, f"{prefix}_metrics", class_name="Found")
    make_distribution(
        folder,
        f"{prefix}-good",
        group,
        "good",
        f"{prefix}_good",
        f"""
        from metrics_core.hookspecs import hookimpl

        @hookimpl
        def register_metrics(register):
            register("{prefix}_metrics:Found", domain="demo")
        """,
    )
    make_distribution(folder, f"{prefix}-broken", group, "broken", f"{prefix}_broken", "raise ImportError('no luck')\n")
    make_distribution(
        folder,
        f"{prefix}-hook",
        group,
        "hook",
        f"{prefix}_hook",
        """
        from metrics_core.hookspecs import hookimpl

        @hookimpl
        def register_metrics(register):
            raise ValueError("bad hook")
        """,
    )
    return group, prefix


def test_entry_points_load_lazily_and_failures_do_not_stop_others(installed):
    group, prefix = installed
    reg = MetricRegistry(group=group)
    assert f"{prefix}_good" not in sys.modules
    assert reg.names() == ["Found"]
    assert f"{prefix}_good" in sys.modules
    assert f"{prefix}_metrics" not in sys.modules
    records = {record.name: record for record in reg.plugins()}
    assert set(records) == {"good", "broken", "hook"}
    assert records["good"] == type(records["good"])("good", f"{prefix}-good", "1.2.3", 1, None, False)
    assert records["broken"].error == "ImportError: no luck"
    assert records["broken"].distribution == f"{prefix}-broken"
    assert records["hook"].error == "register_metrics raised ValueError: bad hook"
    info = reg.info("Found")
    assert (info.plugin, info.distribution, info.version, info.domain) == (
        "good",
        f"{prefix}-good",
        "1.2.3",
        "demo",
    )


def test_disable_env_var_skips_plugins(installed, monkeypatch):
    group, prefix = installed
    monkeypatch.setenv(DISABLE_ENV_VAR, " good , hook,")
    reg = MetricRegistry(group=group)
    assert reg.names() == []
    assert f"{prefix}_good" not in sys.modules
    records = {record.name: record for record in reg.plugins()}
    assert records["good"].disabled
    assert records["hook"].disabled
    assert (records["good"].error, records["good"].metrics) == (None, 0)
    assert not records["broken"].disabled
    with pytest.raises(KeyError, match=r"good \(disabled\)"):
        reg.get("Found")
    monkeypatch.delenv(DISABLE_ENV_VAR)
    reg.reload()
    assert reg.names() == ["Found"]


def test_core_plugin_registers_the_aggregation_metrics_through_its_entry_point():
    try:
        metadata.distribution("metrics-core")
    except metadata.PackageNotFoundError:
        pytest.skip("metrics-core is not installed, so its entry point cannot be found")
    from metrics_core import aggregation

    reg = MetricRegistry()
    expected = ["CatMetric", "MaxMetric", "MeanMetric", "MinMetric", "RunningMean", "RunningSum", "SumMetric"]
    assert [info.name for info in reg.entries("aggregation") if info.plugin == "core"] == expected
    assert reg.get("core:MeanMetric") is aggregation.MeanMetric
    (core,) = [record for record in reg.plugins() if record.name == "core"]
    assert (core.distribution, core.metrics, core.error) == ("metrics-core", len(_core_plugin_names()), None)


def run_python(code):
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_metrics_core_imports_neither_torch_nor_plugins():
    out = run_python("""
        import sys
        import metrics_core
        from metrics_core import hookimpl, registry
        import metrics_core.registry
        heavy = ["torch", "metrics_core.plugin", "metrics_core.aggregation", "metrics_core.metric"]
        print(sorted(name for name in heavy if name in sys.modules))
        """)
    assert out.strip() == "[]"


def test_core_plugin_lists_metrics_without_importing_torch():
    out = run_python("""
        import sys
        import metrics_core.plugin
        from metrics_core.registry import MetricRegistry

        reg = MetricRegistry(group=None)
        reg.register_plugin(metrics_core.plugin, name="core")
        print(len(reg.names("aggregation")), "torch" in sys.modules)
        reg.get("SumMetric")
        print("metrics_core.aggregation" in sys.modules)
        """)
    assert out.split() == ["7", "False", "True"]


def _core_plugin_names() -> list[str]:
    from metrics_core import plugin

    names: list[str] = []
    plugin.register_metrics(lambda metric, name=None, **_: names.append(name or metric))
    return names


def test_the_registry_module_imported_first_still_serves_the_registry():
    """``from metrics_core.registry import ...`` before ``from metrics_core import registry`` binds the module."""
    code = (
        "from metrics_core.registry import MetricNotFoundError\n"
        "from metrics_core import registry\n"
        "from metrics_core.aggregation import MeanMetric\n"
        "assert registry.get('MeanMetric') is MeanMetric\n"
        "assert 'SumMetric' in registry.names()\n"
        "print(registry.create('SumMetric').__class__.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout.strip()) == (0, "SumMetric"), result.stderr
