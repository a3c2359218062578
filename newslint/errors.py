"""Errors newslint reports to the user in one line, without a traceback.

NewslintError
├── ConfigError   bad config file, key, value or rule selector (exit 2)
├── PackError     a rule pack that cannot be loaded; names file, line and key (exit 2)
├── PluginError   a plugin or rule that breaks the plugin contract (exit 2)
└── ReadError     an input that cannot be read or decoded (an NL001 finding; exit 2)
"""

from __future__ import annotations

__all__ = ["ConfigError", "NewslintError", "PackError", "PluginError", "ReadError"]


class NewslintError(Exception):
    """Base of every error newslint explains to the user."""


class ConfigError(NewslintError):
    pass


class PackError(NewslintError):
    def __init__(self, path: str, message: str, line: int | None = None, rule: str | None = None, key: str | None = None):
        self.path, self.line, self.rule, self.key = path, line, rule, key
        where = path + (f":{line}" if line else "")
        what = "".join(f" [{x}]" for x in (rule,) if x) + (f" {key}:" if key else "")
        super().__init__(f"{where}:{what} {message}".replace(": :", ":"))


class PluginError(NewslintError):
    pass


class ReadError(NewslintError):
    def __init__(self, path: str, message: str, record: int | None = None):
        self.path, self.record = path, record
        where = path + (f":{record}" if record is not None else "")
        super().__init__(f"{where}: {message}")
