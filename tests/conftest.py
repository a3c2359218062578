"""Shared helpers of the test suite: a linter over ad-hoc rules, and the CLI in-process or as
a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Sequence

import pytest
from click.testing import CliRunner, Result

from newslint.config import Config
from newslint.engine import Linter
from newslint.plugins import load_registry
from newslint.rule import Rule, RuleSet

TESTS = Path(__file__).resolve().parent
CHECKOUT = TESTS.parent
EXAMPLE_PLUGIN = TESTS / "example_plugin"
CORE_FIXTURES = TESTS / "fixtures" / "core"

def _foreign_env(name: str) -> bool:
    """Environment variables that change the CLI's behaviour; tests run without them."""
    return name.startswith("NEWSLINT_") or name == "PRE_COMMIT"


def make_linter(*rules: type[Rule], select: Iterable[str] | None = None, plugins: bool = False,
                **config: object) -> Linter:
    """A linter whose rule set is the built-ins plus ``rules``; selects ``rules`` by default."""
    registry = load_registry(entry_points=plugins)
    registry.rules = RuleSet.from_classes([*registry.rules.rules.values(), *rules])
    chosen = tuple(select) if select is not None else tuple(r.code for r in rules)
    return Linter(Config(select=chosen, **config), registry)  # type: ignore[arg-type]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in [n for n in os.environ if _foreign_env(n)]:
        monkeypatch.delenv(name)
    # the results cache stays on, as for users, but private to the test
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path_factory.mktemp("newslint-cache")))


@pytest.fixture
def cli(clean_env: None):
    """Run ``newslint ARGS`` in-process with click's CliRunner; stdout and stderr apart."""
    from newslint.cli import main

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return run


def run_newslint(args: Sequence[str], *, cwd: Path, input: bytes | None = None,
                 env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m newslint ARGS`` as a real process (bytes in, bytes out)."""
    full_env = {k: v for k, v in os.environ.items() if not _foreign_env(k)}
    full_env["NEWSLINT_CACHE_DIR"] = str(cwd / ".newslint-test-cache")
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "newslint", *args], cwd=cwd, input=input,
                          capture_output=True, env=full_env, timeout=timeout, check=False)


@pytest.fixture
def forget_plugin_modules():
    """Drop modules the test imported from temporary plugin folders, so tests stay apart."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        module = sys.modules.get(name)
        where = getattr(module, "__file__", None) or ""
        if name.startswith("newslint_xp") or "/pytest-" in where or str(EXAMPLE_PLUGIN) in where:
            del sys.modules[name]


@pytest.fixture
def language_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """langdetect's profiles built afresh, with newslint's cache in ``tmp_path`` (yielded)."""
    import newslint.language as language

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    language._factory.cache_clear()
    yield tmp_path
    language._factory.cache_clear()


@pytest.fixture
def byte_scan_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The repeated-word byte scan must decide alone: falling back to the text scan fails."""
    import newslint.checks.doubled as doubled

    def fail(doc: object) -> None:
        raise AssertionError("the byte scan gave up")

    monkeypatch.setattr(doubled, "_repeated_words_exactly", fail)
