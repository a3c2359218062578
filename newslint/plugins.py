"""Finding and registering plugins: built-ins, entry points, and modules named in config.

Built-in plugins are registered by the same ``register()`` call as third-party ones; they
are listed here rather than as entry points so that a bare checkout works and stale
editable-install metadata cannot hide them. A third-party plugin that fails to import is
reported in one line and the run goes on without it.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, NamedTuple

import pluggy

from newslint import hookspecs
from newslint.errors import NewslintError, PluginError
from newslint.rule import Rule, RuleSet

__all__ = ["BUILTIN_PLUGINS", "ENTRY_POINT_GROUP", "PluginInfo", "Registry", "load_registry"]

ENTRY_POINT_GROUP = "newslint"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "newslint.checks.encoding",
    "newslint.checks.whitespace",
    "newslint.checks.doubled",
    "newslint.checks.punctuation",
    "newslint.checks.quotes",
    "newslint.checks.residue",
    "newslint.checks.names",
    "newslint.checks.transcript",
    "newslint.packs",
    "newslint.readers",
    "newslint.reporters",
    "newslint.suppressions",
    "newslint.diagnostics",
)


@dataclass
class PluginInfo:
    name: str
    source: str  # "builtin" | "entry point" | "config"
    version: str = ""
    hooks: list[str] = field(default_factory=list)


@dataclass
class Registry:
    """Everything the plugins of one run contributed."""

    pm: pluggy.PluginManager
    rules: RuleSet
    readers: list[Any]
    formats: dict[str, type]
    #: lexicons from every rule pack, merged by name (``[[lexicon]]`` tables)
    lexicons: dict[str, list[dict[str, Any]]]
    plugins: list[PluginInfo]
    #: one line per plugin that could not be loaded; the run goes on without it
    errors: list[str]
    #: every rule-pack file loaded (their bytes key the results cache)
    pack_files: list[Path] = field(default_factory=list)

    def reader_for(self, path: str) -> Any:
        name = path.lower()
        best = None
        for reader in self.readers:
            for suffix in reader.suffixes:
                if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                    best = (len(suffix), reader)
        return best[1] if best else None


def _one_line(exc: BaseException) -> str:
    """An exception as one line: plugin failures are reported one line each."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def _builtin_modules() -> list[ModuleType]:
    """The built-in plugin modules; rule families land one module at a time, so a missing
    one is skipped (looked up once: no ``find_spec`` before each import)."""
    modules = []
    for name in BUILTIN_PLUGINS:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the module exists and one of its imports is missing
                raise
    return modules


_BUILTIN_SET = frozenset(BUILTIN_PLUGINS)


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, quicker to register newslint's own modules.

    pluggy inspects every attribute of a plugin for a hook marker, ~10 ms over the
    built-in modules and their hundreds of classes, patterns and helpers: a pre-commit
    start pays it each time. The built-in modules name each hook implementation after its
    hook (no ``specname``; tests/test_startup.py holds them to it), so only their
    ``newslint_*`` attributes are inspected. Other plugins are inspected as pluggy does."""

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        if isinstance(plugin, ModuleType) and plugin.__name__ in _BUILTIN_SET and not name.startswith("newslint_"):
            return None
        return super().parse_hookimpl_opts(plugin, name)


#: answers kept in the entry-point cache, most recent first (one per environment and path)
_ENTRY_POINT_KEYS = 8


class EntryPoint(NamedTuple):
    name: str
    value: str  #: ``module`` or ``module:attribute``
    dist: str
    version: str


def _entry_points() -> list[EntryPoint]:
    """The ``newslint`` entry points of the installed distributions, sorted by name.

    importlib.metadata reads every installed distribution's metadata, which costs a
    pre-commit hook tens of milliseconds at each start. The answer is cached, keyed on the
    interpreter and the modification times of the import path's folders: installing,
    upgrading or removing a distribution creates or deletes its ``.dist-info`` folder and so
    changes its folder's time. The cache file keeps the answers of a few keys: the
    pre-commit hook's environment, a project's virtualenv and ``python -m newslint`` (the
    working folder on the path) share one cache folder without evicting each other.
    """
    from newslint.cache import default_cache_dir

    stamp = [sys.executable]
    cwd = os.getcwd()
    for entry in sys.path:
        try:
            if entry in ("", ".", cwd):  # ``python -m``: the working folder, whose time changes with every edit
                stamp += sorted(f"{e.name}:{e.stat().st_mtime_ns}" for e in os.scandir(entry or ".")
                                if e.name.endswith((".dist-info", ".egg-info")))
            else:
                stamp.append(f"{entry}:{os.stat(entry).st_mtime_ns}")
        except OSError:
            stamp.append(f"{entry}:-")
    cache = None if os.environ.get("NEWSLINT_NO_CACHE") else default_cache_dir(None) / "entry-points.json"
    entries: list[dict[str, Any]] = []
    try:
        entries = json.loads(cache.read_text(encoding="utf-8"))["entries"] if cache is not None else []
        for entry in entries:
            if entry["stamp"] == stamp:
                return [EntryPoint(*ep) for ep in entry["entry_points"]]
    except (OSError, ValueError, KeyError, TypeError):
        entries = []
    import importlib.metadata  # here, not at import: a cached answer spares its ~30 ms

    found = sorted(
        (EntryPoint(ep.name, ep.value, ep.dist.name if ep.dist else "?", ep.dist.version if ep.dist else "")
         for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)),
        key=lambda ep: ep.name,
    )
    if cache is not None:
        from newslint.cache import write_atomic

        entries = [{"stamp": stamp, "entry_points": found}, *entries][:_ENTRY_POINT_KEYS]
        write_atomic(cache, json.dumps({"entries": entries}).encode())
    return found


def _load_entry_point(value: str) -> Any:
    """What ``importlib.metadata.EntryPoint.load`` does for ``module:attr.path``."""
    module, _, attrs = value.partition("[")[0].partition(":")  # "[extras]" do not matter here
    obj = importlib.import_module(module.strip())
    for attr in filter(None, attrs.strip().split(".")):
        obj = getattr(obj, attr)
    return obj


def load_registry(
    *,
    plugins: Iterable[str] = (),
    entry_points: bool = True,
    extra_packs: Iterable[Path] = (),
    config_dir: Path | None = None,
) -> Registry:
    """Build a fresh plugin manager and collect what every plugin contributes."""
    pm = _PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    errors: list[str] = []

    for module in _builtin_modules():
        pm.register(module, name=module.__name__)
        infos.append(PluginInfo(module.__name__, "builtin"))

    if entry_points and not os.environ.get("NEWSLINT_NO_PLUGINS"):
        for ep in _entry_points():
            try:
                plugin = _load_entry_point(ep.value)
                pm.register(plugin, name=f"{ep.dist}:{ep.name}")
            except Exception as exc:  # noqa: BLE001 - any import failure is reported, not fatal
                errors.append(f"plugin {ep.name!r} (from {ep.dist}) failed to load: {_one_line(exc)}")
                continue
            infos.append(PluginInfo(f"{ep.dist}:{ep.name}", "entry point", ep.version))

    for modname in plugins:
        added = False
        if config_dir is not None and str(config_dir) not in sys.path:
            sys.path.insert(0, str(config_dir))
            added = True
        try:
            module = importlib.import_module(modname)
            if pm.is_registered(module):
                continue
            pm.register(module, name=modname)
            infos.append(PluginInfo(modname, "config", getattr(module, "__version__", "")))
        except Exception as exc:  # noqa: BLE001
            errors.append(f"plugin {modname!r} (named in config) failed to load: {_one_line(exc)}")
        finally:
            if added:
                sys.path.remove(str(config_dir))

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r}: {exc}") from None

    for info in infos:
        plugin = pm.get_plugin(info.name)
        info.hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])

    rules, lexicons, pack_files = _collect_rules(pm, errors, extra_packs)
    readers = [r for impl_result in pm.hook.newslint_readers() for r in impl_result]
    formats: dict[str, type] = {}
    for result in reversed(pm.hook.newslint_output_formats()):  # builtins first, plugins override
        formats.update(result)
    return Registry(pm, rules, readers, formats, lexicons, infos, errors, pack_files)


def _collect_rules(
    pm: pluggy.PluginManager, errors: list[str], extra_packs: Iterable[Path]
) -> tuple[RuleSet, dict[str, list[dict[str, Any]]], list[Path]]:
    from newslint.packs import load_packs, pack_files

    classes: list[type[Rule]] = []
    for impl in pm.hook.newslint_rules.get_hookimpls():
        try:
            contributed = impl.function()
        except NewslintError:
            raise
        except Exception as exc:  # noqa: BLE001
            errors.append(f"plugin {impl.plugin_name!r} failed to list its rules: {_one_line(exc)}")
            continue
        for cls in contributed or []:
            if not cls.origin:
                cls.origin = impl.plugin_name
            classes.append(cls)

    kinds: dict[str, type] = {}
    for result in pm.hook.newslint_rule_kinds():
        kinds.update(result)
    pack_paths: list[tuple[str, Path]] = []
    for impl in pm.hook.newslint_rule_packs.get_hookimpls():
        for path in impl.function() or []:
            pack_paths.append((impl.plugin_name, Path(path)))
    pack_paths += [("config", Path(p)) for p in extra_packs]
    files = pack_files(pack_paths)
    pack_classes, lexicons = load_packs(files, kinds)
    return RuleSet.from_classes(classes + pack_classes), lexicons, [path for _, path in files]
