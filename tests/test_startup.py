"""Start-up work of `newslint check one-article.txt` (issue 7): what a pre-commit hook pays
at each start. No timings here (the machine's speed varies): these tests pin down which
modules a start imports and which start-up shortcuts hold."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pluggy
import pytest

from conftest import _foreign_env
from newslint import hookspecs
from newslint.plugins import BUILTIN_PLUGINS, _builtin_modules, _entry_points, load_registry

#: imported only when a document needs them (a language to detect, mojibake to repair)
HEAVY = ("langdetect", "ftfy", "importlib.metadata", "wordfreq", "rapidfuzz", "regex")

PLAIN_ARTICLE = """\
Council approves new budget for city parks

The city council voted on Tuesday to approve a new budget for public parks, after months of debate.

The plan sets aside money for new playgrounds, longer opening hours and more staff in the summer.

"We listened to the residents," the mayor said after the vote, adding that work would start in May.
"""


def _run(code: str, tmp_path: Path) -> tuple[set[str], str]:
    """The modules a fresh interpreter holds after running ``code`` (newslint's caches in
    ``tmp_path``, no NEWSLINT_* settings from the environment), and what it wrote to stderr."""
    env = {k: v for k, v in os.environ.items() if not _foreign_env(k)}
    env["NEWSLINT_CACHE_DIR"] = str(tmp_path / "cache")
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120, check=True)
    return set(json.loads(done.stdout.splitlines()[-1])), done.stderr


def test_importing_the_cli_imports_no_heavy_dependency(tmp_path: Path) -> None:
    loaded, _ = _run("import newslint.cli", tmp_path)
    assert "click" in loaded, "the check is meaningful: the CLI was imported"
    assert not loaded & set(HEAVY)


def test_checking_a_plain_article_loads_no_language_detector_ftfy_or_metadata(tmp_path: Path) -> None:
    article = tmp_path / "one-article.txt"
    article.write_text(PLAIN_ARTICLE, encoding="utf-8")
    run = ("import sys\nfrom newslint.cli import main\n"
           f"try:\n    main(['check', '--no-cache', '--isolated', {str(article)!r}])\n"
           "except SystemExit:\n    pass")
    _run(run, tmp_path)  # the first start fills the entry-point cache
    loaded, stderr = _run(run, tmp_path)
    assert "1 document(s)" in stderr, "the check is meaningful: the article was linted"
    assert not loaded & {"langdetect", "ftfy", "importlib.metadata"}


# --------------------------------------------------------------------------- plugin registration
def test_builtin_hook_implementations_are_named_after_their_hooks() -> None:
    """The registry inspects only the ``newslint_*`` attributes of built-in modules: a
    built-in hook implementation under another name (``specname``) would be missed."""
    for module in _builtin_modules():
        for name, value in vars(module).items():
            opts = getattr(value, "newslint_impl", None) if isinstance(value, types.FunctionType) else None
            if opts is not None:
                assert name.startswith("newslint_") and not opts.get("specname"), f"{module.__name__}.{name}"


def test_the_quick_registration_finds_what_pluggy_finds() -> None:
    plain = pluggy.PluginManager("newslint")
    plain.add_hookspecs(hookspecs)
    for module in _builtin_modules():
        plain.register(module, name=module.__name__)
    quick = load_registry(entry_points=False).pm

    def impls(pm: pluggy.PluginManager) -> set[tuple[str, str, str]]:
        return {(name, impl.plugin_name, impl.function.__qualname__)
                for name in dir(pm.hook) if name.startswith("newslint_")
                for impl in getattr(pm.hook, name).get_hookimpls()}

    assert impls(quick) == impls(plain)
    assert len(impls(plain)) >= len(BUILTIN_PLUGINS) - 1


# --------------------------------------------------------------------------- entry-point cache
def test_the_entry_point_cache_keeps_an_answer_per_import_path(
    clean_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-commit environment and a project's virtualenv share the cache folder: each
    keeps its cached answer instead of evicting the other's."""
    import importlib.metadata

    other = tmp_path / "other-site"
    other.mkdir()
    first = _entry_points()
    monkeypatch.syspath_prepend(str(other))  # another import path: another key
    second = _entry_points()

    def not_again(**kwargs: object) -> object:
        raise AssertionError("importlib.metadata consulted: the answer was not cached")

    monkeypatch.setattr(importlib.metadata, "entry_points", not_again)
    assert _entry_points() == second
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != str(other)])
    assert _entry_points() == first, "the first key's answer was kept beside the second's"


# --------------------------------------------------------------------------- garbage collector
def test_building_the_linter_leaves_the_collector_as_it_found_it() -> None:
    from newslint.cli import _gc_paused, _linter
    from newslint.config import Config

    assert gc.isenabled()
    _linter(Config(select=("WS",)), no_plugins=True)
    assert gc.isenabled(), "collections resume once the linter is built"
    gc.disable()
    try:
        with _gc_paused():
            pass
        assert not gc.isenabled(), "a caller's disabled collector stays disabled"
    finally:
        gc.enable()
