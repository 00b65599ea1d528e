"""Sandbox backends and code runners are typed registries: one module adds one, unknown names get "did you mean"."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from rewardstack.core.errors import RegistryError
from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.verifiers.code.cli import sandbox_app
from rewardstack.verifiers.code.grader import Grader
from rewardstack.verifiers.code.runners import (
    CODE_RUNNERS,
    BuildFailure,
    LanguageRunner,
    Program,
    get_runner,
    register_runner,
    runner_for,
)
from rewardstack.verifiers.code.sandbox import (
    SANDBOX_BACKENDS,
    BackendConfig,
    BwrapConfig,
    DockerConfig,
    IsolationReport,
    Job,
    JobResult,
    LocalConfig,
    SandboxBackend,
    make_backend,
    parse_sandbox_config,
    register_backend,
)
from rewardstack.verifiers.code.sandbox.check import sandbox_check
from rewardstack.verifiers.code.source import CodeTestsConfig, CodeTestsSource


def test_built_in_backends_and_runners_are_registered_by_their_modules() -> None:
    assert SANDBOX_BACKENDS.names() == ["bwrap", "docker", "local"]
    assert [SANDBOX_BACKENDS.get(n) for n in ("bwrap", "docker", "local")] == [BwrapConfig, DockerConfig, LocalConfig]
    assert {SANDBOX_BACKENDS.origin(n) for n in SANDBOX_BACKENDS.names()} == {"builtin"}
    assert {"python", "py", "python3", "cpp", "c++", "javascript", "js", "node"} <= set(CODE_RUNNERS.names())
    assert get_runner("PY").name == "python" and get_runner("c++").name == "cpp"  # type: ignore[union-attr]
    assert runner_for("js") is runner_for("javascript")  # one instance per runner class


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"backend": "bwarp"}, "unknown sandbox backend 'bwarp'. Did you mean 'bwrap'? Known: bwrap, docker, local."),
        ({"backend": "dokcer"}, "Did you mean 'docker'?"),
        ({"backend": "firecracker"}, "unknown sandbox backend 'firecracker'. Known: bwrap, docker, local."),
        ("bwrap", "a sandbox config must be a mapping with a 'backend' key"),
        ({"workers": 2}, "a sandbox config must be a mapping with a 'backend' key (one of: bwrap, docker, local)"),
    ],
)
def test_unknown_backend_names_say_what_is_known(data: object, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_sandbox_config(data)
    assert message in str(info.value)


def test_backend_config_errors_inside_a_source_config_name_the_key() -> None:
    with pytest.raises(ValidationError) as info:
        CodeTestsConfig.model_validate({"kind": "code_tests", "backend": "bwarp"})
    assert "Did you mean 'bwrap'?" in str(info.value) and info.value.errors()[0]["loc"] == ("sandbox",)
    with pytest.raises(ValidationError) as info:
        CodeTestsConfig.model_validate({"kind": "code_tests", "sandbox": {"backend": "bwrap", "tmpfs_mb": 0}})
    assert info.value.errors()[0]["loc"] == ("sandbox", "tmpfs_mb")
    dumped = CodeTestsConfig.model_validate({"kind": "code_tests", "backend": "docker", "sandbox": {"cpus": 2}})
    assert dumped.model_dump()["sandbox"]["cpus"] == 2.0  # the backend's own fields serialise (cache key)


def test_unknown_language_is_an_error_score_with_did_you_mean(bwrap: SandboxBackend) -> None:
    src = CodeTestsSource(backend="bwrap", sandbox={"workers": 1})
    try:
        ref = {"language": "pyhton", "tests": [{"kind": "io", "stdin": "", "stdout": "1\n"}]}
        [score] = src.score([Sample(id="s", prompt="p", response="print(1)", reference=ref)])
    finally:
        src.close()
    assert score.status is Status.ERROR and "unknown code runner 'pyhton'. Did you mean 'python'" in score.evidence


def test_cli_check_with_an_unknown_backend_exits_2_with_the_known_names() -> None:
    result = CliRunner().invoke(sandbox_app, ["check", "-b", "local", "-b", "bwarp"])
    assert result.exit_code == 2
    assert "unknown sandbox backend 'bwarp'. Did you mean 'bwrap'? Known: bwrap, docker, local." in result.output
    assert "Traceback" not in result.output
    [unknown] = sandbox_check(["nope"])  # the library call reports it instead
    assert not unknown.available and "Known: bwrap, docker, local" in unknown.error


# --- a backend and a runner added by one module each (here: this test module) -------------------------------------


class EchoBackend(SandboxBackend):
    """Runs every job on the local backend and marks its results: a stand-in for a real new backend."""

    name = "echo"

    def __init__(self, config: EchoConfig):
        self.config = config
        self._inner = make_backend(LocalConfig(allow_unsafe=True, workers=1))

    def run(self, job: Job) -> JobResult:
        return self._inner.run(job).model_copy(update={"note": f"echo:{self.config.tag}"})

    def probe(self) -> IsolationReport:
        return IsolationReport(backend=self.name, available=False, error="not a sandbox")

    def close(self) -> None:
        self._inner.close()


class EchoConfig(BackendConfig):
    backend: Literal["echo"] = "echo"
    tag: str = "t"

    def build(self) -> SandboxBackend:
        return EchoBackend(self)


class ShellRunner(LanguageRunner):
    """``sh`` scripts, io tests only."""

    name = "rs-test-sh"
    aliases = ("rs-test-shell",)

    def build(self, code: str, backend: SandboxBackend, limits: object) -> Program | BuildFailure:
        return Program(runner="exec", argv=("/bin/sh", "main.sh"), files={"main.sh": code.encode()})


@pytest.fixture
def echo_backend() -> Iterator[None]:
    register_backend("echo")(EchoConfig)
    yield
    SANDBOX_BACKENDS.unregister("echo")


@pytest.fixture
def shell_runner() -> Iterator[None]:
    register_runner(ShellRunner)
    yield
    for name in ("rs-test-sh", "rs-test-shell"):
        CODE_RUNNERS.unregister(name)


def test_a_registered_backend_is_a_valid_sandbox_value_everywhere(echo_backend: None) -> None:
    assert SANDBOX_BACKENDS.origin("echo") == f"python {__name__}.EchoConfig"
    cfg = CodeTestsConfig.model_validate({"kind": "code_tests", "backend": "echo", "sandbox": {"tag": "x"}})
    assert isinstance(cfg.sandbox, EchoConfig) and cfg.sandbox.tag == "x"
    with pytest.raises(ValidationError):
        CodeTestsConfig.model_validate({"kind": "code_tests", "sandbox": {"backend": "echo", "nope": 1}})
    src = CodeTestsSource(cfg)
    try:
        ref = {"language": "python", "tests": [{"kind": "io", "stdin": "2\n", "stdout": "4\n"}]}
        [score] = src.score([Sample(id="s", prompt="p", response="print(int(input()) * 2)", reference=ref)])
    finally:
        src.close()
    assert (score.status, score.value, score.details["backend"]) == (Status.OK, 1.0, "echo")
    [report] = sandbox_check(["echo"])
    assert report.backend == "echo" and report.error == "not a sandbox"


def test_a_registered_runner_grades_its_language(shell_runner: None, bwrap: SandboxBackend) -> None:
    ref = {"language": "RS-Test-Shell", "tests": [{"kind": "io", "stdin": "3\n", "stdout": "6\n"}]}
    assert Grader(bwrap).grade('read n\necho $((n * 2))\n', ref).pass_rate == 1.0
    assert Grader(bwrap).grade("echo 5\n", ref).pass_rate == 0.0
    call = {"language": "rs-test-sh", "tests": [{"kind": "call", "fn": "f", "args": [], "expected": 1}]}
    with pytest.raises(ValueError, match="kind 'call' is not supported for rs-test-sh"):
        Grader(bwrap).grade("", call)


def test_wrong_entries_are_refused_at_registration() -> None:
    class Plain:
        pass

    with pytest.raises(RegistryError, match=r"must be a subclass of rewardstack\.verifiers\.code\.sandbox\.base\.B"):
        SANDBOX_BACKENDS.register("plain", Plain)  # type: ignore[arg-type]
    with pytest.raises(RegistryError, match=r"must declare backend: Literal\['other'\] = 'other'"):
        register_backend("other")(EchoConfig)
    with pytest.raises(RegistryError, match="registered twice"):
        register_backend("bwrap")(type("Bwrap2", (BwrapConfig,), {}))  # type: ignore[arg-type]
    with pytest.raises(RegistryError, match="must be a subclass of rewardstack.verifiers.code.runners.base"):
        CODE_RUNNERS.register("plain", Plain)  # type: ignore[arg-type]

    class Clash(ShellRunner):
        name = "rs-test-clash"
        aliases = ("py",)  # already the python runner's alias

    with pytest.raises(RegistryError, match="code runner 'py' is registered twice"):
        register_runner(Clash)
    CODE_RUNNERS.unregister("rs-test-clash")
    assert "plain" not in SANDBOX_BACKENDS and "plain" not in CODE_RUNNERS


# --- plugins: a real distribution with entry points ----------------------------------------------------------------

PLUGIN_MODULE = "rs_test_code_plugin"
PLUGIN_SOURCE = '''
from typing import Literal

from rewardstack.verifiers.code.runners import BuildFailure, LanguageRunner, Program
from rewardstack.verifiers.code.sandbox import BackendConfig


class EchoPluginConfig(BackendConfig):
    backend: Literal["rs_plugin_box"] = "rs_plugin_box"

    def build(self):
        from rewardstack.verifiers.code.sandbox import LocalConfig

        return LocalConfig(allow_unsafe=True, workers=1).build()


class AwkRunner(LanguageRunner):
    name = "rs-plugin-awk"

    def build(self, code, backend, limits):
        return Program(runner="exec", argv=("/usr/bin/awk", "-f", "main.awk"), files={"main.awk": code.encode()})


class NotABackend:
    pass
'''


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    (tmp_path / f"{PLUGIN_MODULE}.py").write_text(PLUGIN_SOURCE)
    info = tmp_path / f"{PLUGIN_MODULE}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rs-test-code-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[rewardstack.sandbox_backends]\n"
        f"rs_plugin_box = {PLUGIN_MODULE}:EchoPluginConfig\nrs_plugin_bad = {PLUGIN_MODULE}:NotABackend\n"
        "[rewardstack.code_runners]\n"
        f"rs-plugin-awk = {PLUGIN_MODULE}:AwkRunner\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    SANDBOX_BACKENDS.discover(force=True)
    CODE_RUNNERS.discover(force=True)
    yield
    for name in ("rs_plugin_box", "rs_plugin_bad"):
        SANDBOX_BACKENDS.unregister(name)
    CODE_RUNNERS.unregister("rs-plugin-awk")
    sys.modules.pop(PLUGIN_MODULE, None)


def test_entry_point_plugins(plugin: None) -> None:
    assert SANDBOX_BACKENDS.origin("rs_plugin_box").startswith("entry point")
    with make_backend({"backend": "rs_plugin_box"}) as box:
        ref = {"language": "rs-plugin-awk", "tests": [{"kind": "io", "stdin": "1 2\n", "stdout": "3\n"}]}
        assert Grader(box).grade("{ print $1 + $2 }\n", ref).pass_rate == 1.0
    with pytest.raises(ValueError, match="sandbox backend 'rs_plugin_bad' .* must be a subclass of"):
        parse_sandbox_config({"backend": "rs_plugin_bad"})


# --- the docs example ----------------------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[3] / "docs/sandbox.md"


def test_docs_example_adds_a_backend_and_a_language(bwrap: SandboxBackend) -> None:
    section = DOCS.read_text().split("## Adding a backend or a language", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    try:
        exec(compile(code, str(DOCS), "exec", dont_inherit=True), {"__name__": "docs_sandbox_example"})
        assert parse_sandbox_config({"backend": "firecracker", "vcpus": 2}).vcpus == 2  # type: ignore[attr-defined]
        ref = {"language": "gawk", "tests": [{"kind": "io", "stdin": "1 2\n", "stdout": "3\n"}]}
        assert Grader(bwrap).grade("{ print $1 + $2 }\n", ref).pass_rate == 1.0
    finally:
        SANDBOX_BACKENDS.unregister("firecracker")
        for name in ("awk", "gawk"):
            CODE_RUNNERS.unregister(name)
