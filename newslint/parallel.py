"""A run on many cores (``-j N``) or a Dask cluster: inputs cut into parts, parts linted by
workers, outcomes taken in input order.

The run itself only reads bytes: a JSONL file is cut into parts of about ``PART_BYTES`` at
line breaks (its records are parsed by the workers), small files go to the workers whole,
several to a task. A bounded window of tasks is in flight, so memory stays flat in the
input size, and every outcome is taken in the order of the inputs: findings, fixed files
and counts are those of a run on one core.
"""

from __future__ import annotations

import io
import os
from collections import deque
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Callable, Iterator

from newslint.document import Source
from newslint.engine import LintResult, unreadable
from newslint.executors import DocBatch, Mode, Outcome, Part, lint_item, outcome
from newslint.readers import Item, Reader
from newslint.runner import BROKEN_INPUT, broken_input

if TYPE_CHECKING:
    from newslint.runner import Runner, RunSummary

__all__ = ["BATCH_DOCS", "PART_BYTES", "Pipeline", "line_parts"]

#: bytes of input a worker gets at a time: a JSONL file is cut into parts of about this
#: size, and small files go together up to it (a larger part makes a longer tail at the end)
PART_BYTES = 512 * 1024
#: jobs in one task at most (many tiny files)
TASK_JOBS = 64
#: documents per batch, for readers whose inputs the run reads itself
BATCH_DOCS = 64
#: the smallest part cut near the end of a run, where parts get smaller so that the workers
#: finish together
TAIL_BYTES = 32 * 1024


def line_parts(stream: IO[bytes], size: int | Callable[[], int] = PART_BYTES,
               blocks: bool = False) -> Iterator[tuple[bytes, int]]:
    """``stream`` cut into parts of about ``size`` bytes (or what ``size()`` says before each
    part) at line breaks, as ``(part, number of its first line)``; lines are what iterating a
    binary file gives. An input that breaks off (a truncated .gz) yields the whole lines read
    before the break, as a run on one core lints them, and then raises.

    ``blocks``: read a part at a time and finish its last line (the same parts, without a
    Python step per line); for plain files, where a read does not break off half-way."""
    if blocks:
        yield from _block_parts(stream, size)
        return
    first = 1
    lines: list[bytes] = []
    total = 0
    target = size() if callable(size) else size
    try:
        for line in stream:
            lines.append(line)
            total += len(line)
            if total >= target:
                yield b"".join(lines), first
                first += len(lines)
                lines, total = [], 0
                target = size() if callable(size) else size
    except BROKEN_INPUT:
        if lines:
            yield b"".join(lines), first
        raise
    if lines:
        yield b"".join(lines), first


def _block_parts(stream: IO[bytes], size: int | Callable[[], int]) -> Iterator[tuple[bytes, int]]:
    """``line_parts`` by whole reads: the fewest whole lines that hold ``size`` bytes."""
    first = 1
    while part := stream.read(max(1, size() if callable(size) else size)):
        if not part.endswith(b"\n"):
            part += stream.readline()
        yield part, first
        first += part.count(b"\n")


def _size(path: str) -> int:
    """The size of a plain input file (0 for stdin, compressed or missing files)."""
    if path == "-" or path.endswith(".gz"):
        return 0
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


@dataclass
class _Input:
    """One input file of the run, from its first part read to its last outcome taken."""

    path: str
    display: str
    reader: Reader | None
    key: str | None = None  #: results-cache key
    sink: IO[bytes] | None = None
    tmp: str | None = None
    out_buf: IO[bytes] | None = None
    opened: os.stat_result | None = None
    changed: bool = False
    before: tuple[int, int, int] = (0, 0, 0)
    broken: bool = False  #: read only partly: its fixed file is not written


@dataclass
class _Task:
    """Jobs sent to one worker together, all of one kind; ``left`` counts the entries still to take."""

    kind: str
    jobs: list[Part | DocBatch] = field(default_factory=list)
    size: int = 0
    left: int = 0
    handle: Any = None
    results: list[Any] | None = None
    #: corpus rule code -> documents in the store before the task's first part (the parts'
    #: tally, which comes with the last, numbers their documents from there)
    firsts: dict[str, int] | None = None


class Pipeline:
    """Reads inputs into tasks, keeps at most ``executor.window`` tasks in flight, and takes
    their outcomes (and every other event of an input) in input order."""

    def __init__(self, runner: Runner, summary: RunSummary, stdin: IO[bytes] | None, progress: Any) -> None:
        self.runner, self.summary, self.stdin, self.progress = runner, summary, stdin, progress
        self.executor = runner._executor()
        opts = runner.options
        self.mode = Mode(opts.fix, int(runner.required), runner.collect, opts.diff, opts.fix and not opts.diff,
                         opts.read)
        self.pending: deque[tuple[str, _Input, Any]] = deque()
        self.flight: deque[_Task] = deque()  # tasks submitted, in order
        self.group: _Task | None = None  # the task being filled
        self.open: dict[int, _Input] = {}  # inputs with a temporary file still to finish
        self.left = 0  # bytes of the run's plain files not read yet (known sizes only)

    def run(self, files: list[str]) -> None:
        self.left = sum(_size(path) for path in files)
        try:
            try:
                for path in files:
                    for entry in self._plan(path):
                        self.pending.append(entry)
                        self._take(self.executor.window)
            except Exception:
                self._finish_before_failing()
                raise
            self._submit()
            self._take(0)
        except BaseException:
            for inp in self.open.values():  # no half-written temporary file stays behind
                if inp.sink is not None:
                    inp.sink.close()
                    os.unlink(inp.tmp)  # type: ignore[arg-type]
            raise

    def _finish_before_failing(self) -> None:
        """An input could not be read on: the inputs before it end as in a run on one core
        (their fixed files written), if their workers can still finish them."""
        self._submit()
        complete = {id(inp) for kind, inp, _ in self.pending if kind == "end"}
        try:
            while self.pending and id(self.pending[0][1]) in complete:
                kind, inp, payload = self.pending.popleft()
                getattr(self, f"_on_{kind}")(inp, payload)
        except Exception:  # noqa: BLE001 - the first error is the one reported
            pass

    # -- reading ------------------------------------------------------------------
    def _plan(self, path: str) -> Iterator[tuple[str, _Input, Any]]:
        """The entries of one input: start, its parts (or its cached results), end."""
        runner, opts = self.runner, self.runner.options
        display = opts.stdin_filename or "-" if path == "-" else path
        inp = _Input(path, display, runner._reader(path))
        inp.key, cached = runner.cached(path)
        if cached is not None:
            self._submit()  # replayed summaries go to the store: never between a task's parts
            yield "start", inp, None
            yield "cached", inp, cached
            yield "end", inp, None
            return
        yield "start", inp, None
        if inp.reader is None:
            yield "error", inp, unreadable(Source(display), f"{display}: no reader for this file type")
        else:
            try:
                stream = runner._open(path, self.stdin)
            except OSError as exc:
                yield "error", inp, unreadable(Source(display), f"cannot read {display}: {exc.strerror or exc}")
            else:
                try:
                    with stream:
                        yield from self._read(inp, stream)
                except BROKEN_INPUT as exc:  # cut short: its parts read so far still count
                    inp.broken = True
                    yield "error", inp, unreadable(Source(display), broken_input(display, exc, inp.sink is not None))
        yield "end", inp, None

    def _read(self, inp: _Input, stream: IO[bytes]) -> Iterator[tuple[str, _Input, Any]]:
        runner, opts, reader = self.runner, self.runner.options, inp.reader
        assert reader is not None
        inp.opened = os.stat(inp.path) if inp.path != "-" else None
        to_stdout = inp.path == "-" or opts.output == "-"
        if self.mode.writing and not to_stdout:
            inp.sink, inp.tmp, error = runner._open_sink(inp.path)
            if inp.sink is None:
                yield "error", inp, error
                return
            self.open[id(inp)] = inp
        if self.mode.writing and to_stdout:
            inp.out_buf = opts.stdout or io.BytesIO()
        keep = inp.key is not None  # cached results keep their texts
        if reader.parallel == "lines":
            known = _size(inp.path) > 0  # counted in self.left
            for raw, first in line_parts(stream, self._part_bytes if known else PART_BYTES, blocks=known):
                self.left -= len(raw) if known else 0
                yield self._part(inp, Part(reader.name, inp.display, raw, first, keep))
        elif reader.parallel == "whole":
            raw = stream.read()
            self.left -= len(raw) if _size(inp.path) else 0
            yield self._part(inp, Part(reader.name, inp.display, raw, keep=keep))
        else:
            items: list[Item] = []
            docs = 0
            for item in reader.read(stream, inp.display, opts.read):
                items.append(item)
                docs += item.doc is not None and item.error is None
                if docs >= BATCH_DOCS:
                    yield self._batch(inp, items)
                    items, docs = [], 0
            if items:
                yield self._batch(inp, items)

    def _part_bytes(self) -> int:
        """The size of the next part: smaller near the end of the run, so that every worker
        gets a share of the last megabytes (the others would wait for one long last part)."""
        workers = max(1, self.executor.window // 4)
        return max(min(TAIL_BYTES, PART_BYTES), min(PART_BYTES, self.left // (4 * workers)))

    def _part(self, inp: _Input, part: Part) -> tuple[str, _Input, Any]:
        entry = self._job(inp, part, len(part.raw), "part")
        return entry[0], inp, (*entry[2], part)

    def _batch(self, inp: _Input, items: list[Item]) -> tuple[str, _Input, Any]:
        docs = [(i.doc.text, i.doc.source, i.doc.title) for i in items if i.doc is not None and i.error is None]
        entry = self._job(inp, DocBatch(docs), sum(len(i.raw) for i in items), "batch")
        return entry[0], inp, (*entry[2], items)

    def _job(self, inp: _Input, job: Part | DocBatch, size: int, kind: str) -> tuple[str, _Input, Any]:
        """Add a job to the task being filled (sent once it holds half ``PART_BYTES``)."""
        limit = self._part_bytes()
        # a batch's summaries, which the run stores itself, never fall between a task's parts
        if self.group is not None and (self.group.size + size > limit or len(self.group.jobs) >= TASK_JOBS
                                       or self.group.kind != kind):
            self._submit()
        task = self.group = self.group or _Task(kind)
        task.jobs.append(job)
        task.size += size
        task.left += 1
        index = len(task.jobs) - 1
        if task.size >= limit // 2:
            self._submit()
        return kind, inp, (task, index)

    def _submit(self) -> None:
        task, self.group = self.group, None
        if task is not None:
            task.handle = self.executor.submit(self.mode, task.jobs)
            task.jobs = []
            self.flight.append(task)

    # -- taking outcomes ----------------------------------------------------------
    def _take(self, limit: int) -> None:
        """Take entries in order until at most ``limit`` tasks are in flight."""
        while len(self.flight) > limit or (not limit and self.pending):
            kind, inp, payload = self.pending.popleft()
            getattr(self, f"_on_{kind}")(inp, payload)

    def _results(self, task: _Task, index: int) -> Any:
        if task.results is None:
            task.results = self.executor.result(task.handle)
        task.left -= 1
        if not task.left:
            self.flight.popleft()  # the oldest: entries are taken in order
        return task.results[index]

    def _on_start(self, inp: _Input, _: Any) -> None:
        summary = self.summary
        summary.files += 1
        inp.before = (summary.documents, summary.bytes, summary.errors)
        summary.recording = [] if inp.key is not None else None

    def _on_cached(self, inp: _Input, cached: Any) -> None:
        self.summary.replay(cached)

    def _on_error(self, inp: _Input, result: LintResult) -> None:
        self.summary.errors += 1
        self.summary.add(result)

    def _on_part(self, inp: _Input, payload: tuple[_Task, int, Part]) -> None:
        task, index, part = payload
        store = self.summary.corpus
        if index == 0:
            task.firsts = {code: store.count(code) for code in self.runner._tallying}
        store.raw_part(part.raw, part.reader, part.path)  # where its documents' texts stay
        try:
            self._apply(inp, self._results(task, index), task.firsts)
        finally:
            store.raw_part(None)

    def _on_batch(self, inp: _Input, payload: tuple[_Task, int, list[Item]]) -> None:
        task, index, items = payload
        results = iter(self._results(task, index))
        linter = self.runner.linter
        pairs = ((item, next(results) if item.doc is not None and item.error is None else
                  lint_item(linter, item, self.mode)) for item in items)
        assert inp.reader is not None
        self._apply(inp, outcome(inp.reader, inp.display, pairs, self.mode))

    def _apply(self, inp: _Input, out: Outcome, firsts: dict[str, int] | None = None) -> None:
        summary = self.summary
        store = summary.corpus
        if out.store is not None:  # the part's summaries, as records: they go first, in one piece
            store.append_block(out.store)
        for result in out.results:
            summary.add(result)
        if out.tallies and firsts is not None:
            self.runner.merge_tallies(store, firsts, out.tallies)
        summary.documents += out.documents
        summary.bytes += out.size
        summary.errors += out.errors
        summary.fixes_applied += out.fixes_applied
        summary.diffs.extend(out.diffs)
        inp.changed = inp.changed or out.changed
        if out.output is not None:
            (inp.sink or inp.out_buf).write(out.output)  # type: ignore[union-attr]

    def _on_end(self, inp: _Input, _: Any) -> None:
        summary, runner = self.summary, self.runner
        if inp.out_buf is not None and runner.options.stdout is None:
            summary.stdout += inp.out_buf.getvalue()  # type: ignore[attr-defined]
        if inp.sink is not None:
            del self.open[id(inp)]
            if inp.broken:  # the input stays as it was
                inp.sink.close()
                os.unlink(inp.tmp)  # type: ignore[arg-type]
                return
            runner._finish_sink(inp.path, inp.sink, inp.tmp, inp.changed, summary, inp.opened)
        recorded, summary.recording = summary.recording, None
        if inp.key is not None and recorded is not None and runner.cache is not None:
            docs, size, errors = inp.before
            runner.cache.put(inp.key, (recorded, summary.documents - docs, summary.bytes - size,
                                       summary.errors - errors))
        if self.progress is not None:
            self.progress.update(1)
            self.progress.set_postfix(docs=summary.documents, refresh=False)
