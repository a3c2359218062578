"""Where batches of documents are linted: worker processes on this machine, or a Dask cluster.

Both run the same function on batches of ``(text, source, title)`` tuples, in workers that
build their linter once from the (picklable) config, and both return results in
submission order, so a parallel or distributed run reports exactly what a local run does.
"""

from __future__ import annotations

import sys
from typing import Any

from newslint.config import Config
from newslint.document import Document, Source
from newslint.engine import LintResult, Linter, freeze_setup, note_linted
from newslint.model import Safety

__all__ = ["DaskExecutor", "ProcessExecutor", "lint_batch"]

Batch = list[tuple[str, Source, "str | None"]]
_LINTERS: dict[tuple[str, bool], Linter] = {}


def _key(config: Config, entry_points: bool) -> tuple[str, bool]:
    return config.fingerprint() + str(config.path), entry_points


def _linter(config: Config, entry_points: bool) -> Linter:
    key = _key(config, entry_points)
    if key not in _LINTERS:
        _LINTERS[key] = Linter(config, entry_points=entry_points)
        freeze_setup()
    return _LINTERS[key]


def lint_batch(config: Config, entry_points: bool, batch: Batch, fix: bool, required: int) -> list[LintResult]:
    """Lint (or fix) one batch in a worker; the worker's linter is built once per config."""
    from newslint.corpus import PackedSummaries

    linter = _linter(config, entry_points)
    out = []
    note_linted(len(batch))
    for text, source, title in batch:
        doc = Document(text, source, title)
        result = linter.fix(doc, Safety(required)) if fix else linter.lint(doc)
        if result.summaries:  # pickled once, here: the parent stores them as they come
            result.summaries = PackedSummaries.pack(result.summaries)  # type: ignore[assignment]
        out.append(result)
    return out


class ProcessExecutor:
    """A local process pool (fork on Linux: workers start in milliseconds).

    Forked workers inherit ``linter``, the parent's linter with its rules set up, instead of
    building their own (rule set-up is most of a start).
    """

    def __init__(self, jobs: int, config: Config, entry_points: bool, linter: Linter | None = None) -> None:
        import multiprocessing

        fork = sys.platform.startswith("linux")
        ctx = multiprocessing.get_context("fork" if fork else "spawn")
        self.config, self.entry_points = config, entry_points
        if fork and linter is not None:
            _LINTERS[_key(config, entry_points)] = linter
        self.pool = ctx.Pool(jobs)
        self.window = jobs * 4

    def submit(self, batch: Batch, fix: bool, required: int) -> Any:
        return self.pool.apply_async(lint_batch, (self.config, self.entry_points, batch, fix, required))

    @staticmethod
    def result(handle: Any) -> list[LintResult]:
        return handle.get()

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


class DaskExecutor:
    """A Dask ``distributed`` cluster at ``address`` (``tcp://host:8786``) or a given client.

    Workers need newslint installed (the same version and plugins as the client).
    """

    def __init__(self, address: str | Any, config: Config, entry_points: bool) -> None:
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - depends on the extra
            from newslint.errors import ConfigError

            raise ConfigError("--dask-scheduler needs the dask extra: pip install 'newslint[dask]'") from None
        self.own = isinstance(address, str)
        self.client = Client(address) if self.own else address
        self.config, self.entry_points = config, entry_points
        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        self.window = workers * 4

    def submit(self, batch: Batch, fix: bool, required: int) -> Any:
        return self.client.submit(lint_batch, self.config, self.entry_points, batch, fix, required, pure=False)

    @staticmethod
    def result(handle: Any) -> list[LintResult]:
        return handle.result()

    def close(self) -> None:
        if self.own:
            self.client.close()
