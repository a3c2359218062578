"""A results cache so that re-checking an unchanged content repository is near instant.

An entry holds the results of one input file. Its key digests the file's path and bytes,
the effective config, newslint's version and source files, every plugin's version and
every loaded rule pack, so any change that could change a finding misses the cache.
Entries are written to a temporary file and renamed: concurrent runs never see half an
entry, and the worst a race costs is computing a result twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from newslint import __version__

__all__ = ["ResultCache", "default_cache_dir", "write_atomic"]

_FORMAT = 1


def default_cache_dir(config_root: Path | None) -> Path:
    """``NEWSLINT_CACHE_DIR``; else ``.newslint_cache`` beside the config file; else the user cache."""
    env = os.environ.get("NEWSLINT_CACHE_DIR")
    if env:
        return Path(env)
    if config_root is not None:
        return config_root / ".newslint_cache"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "newslint"


def _code_stamp() -> str:
    """Sizes and mtimes of newslint's own modules: a development edit invalidates entries."""
    package = Path(__file__).resolve().parent
    parts = []
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        parts.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class ResultCache:
    def __init__(self, folder: Path, linter: Any, mode: str) -> None:
        self.folder = folder
        registry = linter.registry
        packs = hashlib.sha256()  # pack rules and lexicons both come from the packs' bytes
        for path in registry.pack_files:
            packs.update(f"{path}\0".encode())
            try:
                packs.update(path.read_bytes())
            except OSError:
                pass
        fingerprint = {
            "format": _FORMAT,
            "version": __version__,
            "code": _code_stamp(),
            "mode": mode,
            "config": linter.config.fingerprint(),
            "codes": linter.codes,
            "plugins": sorted(f"{p.name}:{p.version}" for p in registry.plugins),
            "packs": packs.hexdigest(),
        }
        self.salt = hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()

    def key(self, path: str, digest: str) -> str:
        return hashlib.sha256(f"{self.salt}\0{path}\0{digest}".encode()).hexdigest()

    @staticmethod
    def digest_file(path: str) -> str | None:
        h = hashlib.sha256()
        try:
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
        except OSError:
            return None
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any:
        try:
            with self._path(key).open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, key: str, value: Any) -> None:
        gitignore = self.folder / ".gitignore"
        if write_atomic(self._path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) and \
                not gitignore.exists():
            try:
                gitignore.write_text("*\n")
            except OSError:
                pass


def write_atomic(target: Path, data: bytes) -> bool:
    """Write a cache file through a temporary file and a rename: readers never see half of
    it, and concurrent writers each leave a complete file. False if it could not be written
    (a cache that cannot be written only costs speed)."""
    import tempfile

    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
