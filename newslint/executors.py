"""Where the documents of a parallel run are read and linted: worker processes on this
machine, or a Dask cluster.

Both run :func:`run_task` on tasks made by the run (:mod:`newslint.runner`): a task is a
list of jobs, each a :class:`Part` (raw bytes of an input, which the worker reads itself:
the run never parses them) or a :class:`DocBatch` (texts the run read, for readers that
cannot be read apart). Workers build their linter once from the (picklable) config, and
each task's results come back in order, so a parallel or distributed run reports exactly
what a local run does.
"""

from __future__ import annotations

import sys
from typing import Any, Iterable, NamedTuple

from newslint.config import Config
from newslint.document import Document, Source
from newslint.engine import DIRECTIVES, LintResult, Linter, freeze_setup, note_linted, unreadable
from newslint.model import Safety
from newslint.readers import Item, ReadOptions, Reader

__all__ = ["DaskExecutor", "DocBatch", "Mode", "Outcome", "Part", "ProcessExecutor", "lint_batch", "outcome",
           "run_task", "tallies"]

Batch = list[tuple[str, Source, "str | None"]]
_LINTERS: dict[tuple[str, bool], Linter] = {}


class Mode(NamedTuple):
    """How a run lints its documents and what it wants back for each input."""

    fix: bool = False
    required: int = int(Safety.SAFE)
    #: gather corpus-rule summaries (not for a run of one plain article)
    collect: bool = True
    #: fix mode: a unified diff of each changed document
    diff: bool = False
    #: fix mode: the input rendered back with its fixes (to write in place or to -o)
    writing: bool = False
    read: ReadOptions = ReadOptions()


class Part(NamedTuple):
    """Raw bytes of one input for a worker to read with ``reader``: the whole input, or
    whole lines of it (for a line-based reader), the first being line ``first``."""

    reader: str
    path: str  #: the input as displayed (sources and messages name it)
    raw: bytes
    first: int = 1
    #: send every document's text back with its summaries (the results cache keeps them);
    #: otherwise a summary's text is left in the part, which the run stores (``RawText``)
    keep: bool = False


class DocBatch(NamedTuple):
    """Documents the run read itself (a reader whose inputs cannot be read apart)."""

    docs: Batch


class Outcome(NamedTuple):
    """What became of the items of one :class:`Part`, in their order."""

    results: list[LintResult]
    documents: int
    size: int  #: bytes of the documents linted
    errors: int  #: items that could not be read
    fixes_applied: int
    changed: bool
    output: bytes | None  #: the part rendered back (``Mode.writing``)
    diffs: list[str]
    #: rule code -> the tally of its summaries in the results (see ``newslint.corpus``)
    tallies: dict[str, Any] | None = None
    #: the results' summaries as store records (``newslint.corpus.StoreBlock``), if not in them
    store: Any = None


def _key(config: Config, entry_points: bool) -> tuple[str, bool]:
    return config.fingerprint() + str(config.path), entry_points


def _linter(config: Config, entry_points: bool, key: tuple[str, bool] | None = None) -> Linter:
    key = key or _key(config, entry_points)
    if key not in _LINTERS:
        _LINTERS[key] = Linter(config, entry_points=entry_points)
        freeze_setup()
    return _LINTERS[key]


def _pack(result: LintResult) -> LintResult:
    """Summaries pickled once, here: the run stores them as they come."""
    if result.summaries:
        from newslint.corpus import PackedSummaries

        result.summaries = PackedSummaries.pack(result.summaries)  # type: ignore[assignment]
    return result


def lint_batch(config: Config, entry_points: bool, batch: Batch, fix: bool, required: int,
               collect: bool = True, key: tuple[str, bool] | None = None) -> list[LintResult]:
    """Lint (or fix) texts in a worker; the worker's linter is built once per config."""
    linter = _linter(config, entry_points, key)
    out = []
    note_linted(len(batch))
    for text, source, title in batch:
        doc = Document(text, source, title)
        result = linter.fix(doc, Safety(required), collect=collect) if fix else linter.lint(doc, collect=collect)
        out.append(_pack(result))
    return out


def lint_item(linter: Linter, item: Item, mode: Mode) -> LintResult:
    """One item's result: NL001 for an item that could not be read, nothing for a blank one."""
    if item.error is not None:
        source = item.state if isinstance(item.state, Source) else Source("?")
        return unreadable(source, item.error)
    if item.doc is None:
        return LintResult(Source("?"), [])
    note_linted()
    if mode.fix:
        return linter.fix(item.doc, Safety(mode.required), collect=mode.collect)
    return linter.lint(item.doc, collect=mode.collect)


def outcome(reader: Reader, path: str, pairs: Iterable[tuple[Item, LintResult]], mode: Mode) -> Outcome:
    """Account for the items of one part and their results, as a run does item by item."""
    from newslint.runner import _diff

    results: list[LintResult] = []
    documents = size = errors = fixes = 0
    changed = False
    output: list[bytes] | None = [] if mode.writing else None
    diffs: list[str] = []
    for item, result in pairs:
        results.append(result)
        if item.doc is not None and item.error is None:
            documents += 1
            size += len(item.raw)
        if result.unreadable:
            errors += 1
        fixed = result.fixed_text
        if fixed is not None:
            changed = True
            fixes += result.fixes_applied
            if mode.diff:
                diffs.append(_diff(item, fixed, path))
        if output is not None:
            output.append(reader.render(item, fixed, mode.read))
    return Outcome(results, documents, size, errors, fixes, changed,
                   b"".join(output) if output is not None else None, diffs)


def _reader(linter: Linter, name: str) -> Reader:
    for reader in linter.registry.readers:
        if reader.name == name:
            return reader
    raise LookupError(f"no reader named {name!r} in this worker")


def run_parts(linter: Linter, parts: list[Part], mode: Mode) -> list[Outcome]:
    """Read the items of consecutive parts and lint (or fix) them: an outcome per part.

    The parts' summaries are tallied together, and the tally comes with the last outcome: the
    run merges one tally per task, not one per part (a task may hold dozens of small files),
    and the pipeline keeps a task's parts consecutive in its store. Unless the results cache
    keeps the summaries (``part.keep``), they come back as the store records the run writes as
    they are (``Outcome.store``), their texts left in the part."""
    linted = []
    for part in parts:
        reader = _reader(linter, part.reader)
        pairs = [(item, lint_item(linter, item, mode)) for item in reader.read_part(part.raw, part.path, mode.read,
                                                                                    part.first)]
        linted.append((part, pairs, outcome(reader, part.path, pairs, mode)))
    tally = tallies(linter, [result for _, _, out in linted for result in out.results])
    tallied = set(tally) | {DIRECTIVES}
    outs = [_with_store(part, pairs, out, tallied) for part, pairs, out in linted]
    if outs and tally:
        outs[-1] = outs[-1]._replace(tallies=tally)
    return outs


def _with_store(part: Part, linted: list[tuple[Item, LintResult]], out: Outcome, tallied: set[str]) -> Outcome:
    """``out`` with its results' summaries packed: kept in them (``part.keep``) or moved to
    store records whose texts point into the part."""
    from newslint.corpus import PackedSummaries, RawText, StoreBlock

    records: list[tuple[Source, PackedSummaries]] = []
    offset = 0  # the items are consecutive pieces of the part
    for item, result in linted:
        if result.summaries:
            raw = None
            if not part.keep and item.doc is not None and part.raw.startswith(item.raw, offset):
                raw = RawText(offset, len(item.raw), item.doc.source.record or part.first)
            packed = PackedSummaries.pack(result.summaries, item.doc.text if raw else None,  # type: ignore[union-attr]
                                          raw, tallied=not part.keep and result.summaries.keys() <= tallied)
            if part.keep:
                result.summaries = packed  # type: ignore[assignment]
            else:
                records.append((result.source, packed))
                result.summaries = {}
        offset += len(item.raw)
    if records:
        out = out._replace(store=StoreBlock.build(records, (part.raw, part.reader, part.path)))
    return out


def tallies(linter: Linter, results: list[LintResult]) -> dict[str, Any]:
    """The tallies of the corpus rules that tally their summaries where they are made."""
    from newslint.corpus import tallies_on_the_way

    out = {}
    for rule in linter.corpus_rules:
        if not tallies_on_the_way(rule):
            continue
        summaries = [r.summaries[rule.code] for r in results if rule.code in r.summaries]
        if summaries:
            try:
                out[rule.code] = rule.tally(summaries)  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - the run tallies them itself, and reports the crash
                pass
    return out


def run_task(config: Config, entry_points: bool, key: tuple[str, bool], mode: Mode,
             jobs: list[Part | DocBatch]) -> list[Outcome | list[LintResult]]:
    """Run one task's jobs in a worker: an :class:`Outcome` per part (tallied together, see
    :func:`run_parts`), results per batch. A task holds jobs of one kind (the pipeline makes
    it so: the run stores a batch's summaries itself, never between a task's parts)."""
    linter = _linter(config, entry_points, key)
    if all(isinstance(job, Part) for job in jobs):
        return run_parts(linter, jobs, mode)  # type: ignore[arg-type, return-value]
    if not all(isinstance(job, DocBatch) for job in jobs):
        raise ValueError("a task mixes parts and batches")
    return [lint_batch(config, entry_points, job.docs, mode.fix, mode.required, mode.collect, key)
            for job in jobs]


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
        self.key = _key(config, entry_points)
        if fork and linter is not None:
            _LINTERS[self.key] = linter
        from concurrent.futures import ProcessPoolExecutor

        # not multiprocessing.Pool: its worker-handling thread spins while results wait in
        # the pipe (half a second of a core on a 50 MB run)
        self.pool = ProcessPoolExecutor(jobs, mp_context=ctx)
        self.window = jobs * 4

    def submit(self, mode: Mode, jobs: list[Part | DocBatch]) -> Any:
        return self.pool.submit(run_task, self.config, self.entry_points, self.key, mode, jobs)

    @staticmethod
    def result(handle: Any) -> list[Outcome | list[LintResult]]:
        return handle.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)  # after an error, tasks not begun are dropped


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
        self.key = _key(config, entry_points)
        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        self.window = workers * 4

    def submit(self, mode: Mode, jobs: list[Part | DocBatch]) -> Any:
        return self.client.submit(run_task, self.config, self.entry_points, self.key, mode, jobs, pure=False)

    @staticmethod
    def result(handle: Any) -> list[Outcome | list[LintResult]]:
        return handle.result()

    def close(self) -> None:
        if self.own:
            self.client.close()
