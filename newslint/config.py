"""Configuration: ``[tool.newslint]`` in pyproject.toml, or ``newslint.toml``.

The nearest config file above the first linted path wins (no merging, ruff's rule); the
command line overrides it. Unknown keys and bad values are errors naming the file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newslint.errors import ConfigError
from newslint.rule import did_you_mean

__all__ = ["CONFIG_FILES", "Config", "find_config", "load_config"]

CONFIG_FILES = ("newslint.toml", ".newslint.toml", "pyproject.toml")

DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".newslint_cache", "build", "dist",
)
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.jsonl", "*.jsonl.gz", "*.ndjson")


@dataclass(frozen=True)
class Config:
    """Effective settings of one run (file config with command-line overrides applied)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()
    rule_packs: tuple[str, ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: str | None = "id"
    title_field: str | None = "title"
    unsafe_fixes: bool = False
    #: a baseline file (``--baseline``): findings recorded there are not reported
    baseline: str | None = None
    #: the config file this came from, if any; relative paths in it are relative to its folder
    path: str | None = None

    @property
    def root(self) -> Path:
        return Path(self.path).parent if self.path else Path.cwd()

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def fingerprint(self) -> str:
        """A stable digest of every setting, for cache keys."""
        import hashlib
        import json

        data = dataclasses.asdict(self)
        data.pop("path")
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


_KEYS: dict[str, type | tuple[type, ...]] = {
    "select": list, "extend-select": list, "ignore": list, "per-file-ignores": dict,
    "rule-options": dict, "severity": dict, "plugins": list, "rule-packs": list,
    "include": list, "exclude": list, "extend-exclude": list, "text-field": str,
    "id-field": str, "title-field": str, "unsafe-fixes": bool, "baseline": str,
}


def find_config(start: Path) -> Path | None:
    """The nearest newslint.toml, .newslint.toml, or pyproject.toml with [tool.newslint]."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                # most projects' pyproject.toml never names newslint: no need to parse it
                if "newslint" in candidate.read_text(encoding="utf-8", errors="replace") and \
                        "newslint" in _read_toml(candidate).get("tool", {}):
                    return candidate
            except (OSError, ConfigError):
                continue
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def load_config(path: Path | None) -> Config:
    """Parse and validate one config file (``None``: the defaults)."""
    if path is None:
        return Config()
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("newslint", {})
    where = f"{path}" + (" [tool.newslint]" if path.name == "pyproject.toml" else "")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}" + did_you_mean(key, _KEYS))
        expected = _KEYS[key]
        if not isinstance(value, expected):
            raise ConfigError(f"{where}: {key!r} must be a {expected.__name__}, got {value!r}")
        if expected is list and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key!r} must be a list of strings")
        values[key.replace("-", "_")] = tuple(value) if expected is list else value
    for glob, codes in values.get("per_file_ignores", {}).items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{where}: per-file-ignores[{glob!r}] must be a list of rule codes")
    values["per_file_ignores"] = {g: tuple(c) for g, c in values.get("per_file_ignores", {}).items()}
    for rule, options in values.get("rule_options", {}).items():
        if not isinstance(options, dict):
            raise ConfigError(f"{where}: rule-options.{rule} must be a table of options")
    for sel, level in values.get("severity", {}).items():
        if level not in ("error", "warning", "info"):
            raise ConfigError(f"{where}: severity.{sel} must be 'error', 'warning' or 'info', got {level!r}")
    root = path.parent
    values["rule_packs"] = tuple(str((root / p).resolve()) for p in values.get("rule_packs", ()))
    if "baseline" in values:
        values["baseline"] = str((root / values["baseline"]).resolve())
    return Config(path=str(path), **values)
