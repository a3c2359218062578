"""The corpus-rule summaries of a run, kept on disk so that memory stays flat in the input size.

A cross-document rule (:class:`newslint.rule.CorpusRule`) sees every document's summary
at the end of a run. Kept in memory, summaries grow with the input: a million articles
would need gigabytes. :class:`CorpusStore` appends each document's pickled summaries to
an anonymous temporary file and keeps only their offsets; :meth:`CorpusStore.items` gives
a rule a read-only sequence of ``(source, summary)`` that loads records as they are read,
so a rule that walks the sequence (or looks documents up by index) works unchanged.

A large part of a summary that a rule needs for a few documents only (the text, read
again for the documents of a pair) goes in a :class:`Deferred`: the store keeps it apart
and reads it only when asked, so walking every summary does not read every text.

A rule whose pass starts with a walk over every summary (counting words, say) may do that
walk on the way instead, where the documents are linted (each core of a parallel run):

* ``tally(summaries) -> tally``: a picklable tally of the summaries of consecutive
  documents (a worker's part of the input), counted from 0;
* ``merge(state, first, tally) -> state``: the run's tally so far (None at first) with the
  tally of the documents from ``first`` on (indexes into the rule's items) added, in order;
* ``check_corpus(items, state)``: the pass, given the tally of every document (or None:
  then it tallies the items itself).

Documents that arrive without a tally (a run on one core, cached results) are tallied by
the run from the store, in order, before the next tally is merged.

A rule whose pass splits into independent shards says so with ``shards = True``; its
``check_corpus(items, state, shard=(k, n))`` then yields the findings of shard ``k`` of
``n`` only, and the shards together yield exactly what the whole pass yields. A run on
several cores (Linux) does the shards in forked processes at once (:func:`in_shards`).
"""

from __future__ import annotations

import io
import os
import pickle
import signal
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Generic, NamedTuple, TypeVar, overload

from newslint.document import Source

__all__ = ["CorpusStore", "Deferred", "PackedSummaries", "RawText", "RuleItems", "StoreBlock", "catch_up",
           "in_shards", "shards_its_pass", "tallies_on_the_way"]

Record = tuple[Source, dict[str, Any]]
T = TypeVar("T")
_PROTOCOL = pickle.HIGHEST_PROTOCOL


def in_shards(work: Callable[[int], list[Any]], n: int) -> list[Any]:
    """``work(0) + work(1) + ... + work(n - 1)``, each shard but the first in a forked process.

    Forked children share the run's memory (the store's index, the merged tallies) as it
    is, read the store file with ``pread`` only (flush it first) and hand back their pickled
    results. A shard whose process fails is done here again, so that a crash is reported as
    the whole pass would report it. Only from a process without other threads: forking one
    with threads can deadlock the child."""
    children: list[tuple[int, int, int]] = []  # (shard, pid, read end of its pipe), until taken
    try:
        for k in range(1, n):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: its shard down the pipe, then out without any cleanup
                os.close(read_end)
                status = 0
                try:
                    with os.fdopen(write_end, "wb") as out:
                        pickle.dump(work(k), out, _PROTOCOL)
                except BaseException:  # noqa: BLE001 - the parent does this shard again
                    status = 1
                os._exit(status)
            os.close(write_end)
            children.append((k, pid, read_end))
        results = list(work(0))
        while children:
            k, pid, read_end = children[0]
            with os.fdopen(read_end, "rb", closefd=False) as pipe:
                data = pipe.read()
            children.pop(0)
            os.close(read_end)
            _, status = os.waitpid(pid, 0)
            results += pickle.loads(data) if status == 0 and data else work(k)
        return results
    finally:  # the pass failed here: the children not taken are stopped, not left behind
        for _, pid, read_end in children:
            os.close(read_end)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def shards_its_pass(rule: Any) -> bool:
    """Can ``rule``'s pass be split into shards (see the module's doc)?"""
    return getattr(rule, "shards", False) is True


def tallies_on_the_way(rule: Any) -> bool:
    """Does ``rule`` tally its summaries where they are made (see the module's doc)?"""
    return callable(getattr(rule, "tally", None)) and callable(getattr(rule, "merge", None))


TALLY_CHUNK = 1024  #: documents tallied at a time from the store


def catch_up(rule: Any, items: Sequence[tuple[Source, Any]], start: int, stop: int, state: Any) -> Any:
    """``state`` with the documents ``start`` to ``stop`` of the rule's items tallied from the store."""
    for first in range(start, stop, TALLY_CHUNK):
        chunk = [summary for _, summary in items[first : min(first + TALLY_CHUNK, stop)]]
        state = rule.merge(state, first, rule.tally(chunk))
    return state


class Deferred(Generic[T]):
    """A part of a summary read from the store only when ``value`` is asked for.

    ``tally_only``: only the rule's ``tally`` reads it, so a summary tallied where it was
    made (a worker) leaves it out.
    """

    __slots__ = ("_value", "_read", "tally_only")

    def __init__(self, value: T, tally_only: bool = False) -> None:
        self._value: T | None = value
        self._read: Any = None  # (store file, offset, size, re-reader) while not read yet
        self.tally_only = tally_only

    @property
    def value(self) -> T:
        if self._read is not None:
            file, offset, size, reread = self._read
            data = _pread(file, offset, size) if file is not None else b""
            self._value = pickle.loads(data) if reread is None else reread[0](data, *reread[1:])
            self._read = None
        return self._value  # type: ignore[return-value]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return Deferred, (self.value, self.tally_only)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deferred) and self.value == other.value

    def __repr__(self) -> str:
        return f"Deferred({self.value!r})"


#: (store file, places of its deferred values, the store's re-reader, where the record
#: starts: places are counted from there) of the records being loaded
_loading: list[tuple[Any, tuple[tuple[Any, ...], ...], Any, int]] = []


def _deferred_at(index: int) -> Deferred:
    """A record's ``index``-th deferred value, left on disk (called while the store loads it)."""
    file, places, reread, start = _loading[-1]
    offset, size, *raw = places[index]
    value: Deferred = Deferred(None)
    value._read = (file, start + offset, size, (reread, *raw) if raw else None)
    return value


def _left_out() -> Deferred:
    value: Deferred = Deferred(None)
    value._read = (None, 0, 0, (_tallied,))
    return value


def _tallied(data: bytes) -> Any:
    raise LookupError("this part of the summary was left out: it was tallied where it was made")


class RawText(NamedTuple):
    """A document's text left in the raw input it was read from, as a deferred value: bytes
    ``offset`` to ``offset + size`` of the part being stored (see :meth:`CorpusStore.raw_part`)
    are the input item, the ``number``-th of its input, that the run reads again for the text."""

    offset: int
    size: int
    number: int


class PackedSummaries(NamedTuple):
    """A document's summaries pickled where they were made (a ``-j`` or Dask worker): the
    parent writes them to the store as they are instead of unpickling and pickling again.
    ``deferred`` holds the pickled values of its :class:`Deferred` parts."""

    codes: tuple[str, ...]
    blob: bytes
    deferred: tuple[bytes | RawText, ...] = ()

    @classmethod
    def pack(cls, summaries: dict[str, Any], text: str | None = None, raw: RawText | None = None,
             tallied: bool = False) -> PackedSummaries:
        """``raw``: where the raw input of the document whose text is ``text`` lies, to leave a
        deferred value that is that text there (the text does not cross a process boundary).
        ``tallied``: the summaries were tallied here, so their tally-only values are left out."""
        deferred: list[bytes | RawText] = []

        def apart(value: Deferred) -> tuple[Any, tuple[int]]:
            if tallied and value.tally_only:
                return _left_out, ()
            if raw is not None and value.value is text:
                deferred.append(raw)
            else:
                deferred.append(pickle.dumps(value.value, _PROTOCOL))
            return _deferred_at, (len(deferred) - 1,)

        buf = io.BytesIO()
        pickler = pickle.Pickler(buf, _PROTOCOL)
        pickler.dispatch_table = {Deferred: apart}  # every other type as plain pickle does it
        pickler.dump(summaries)
        return cls(tuple(summaries), buf.getvalue(), tuple(deferred))


def record_bytes(source: Source, summaries: PackedSummaries, at: int, raw_at: int,
                 raw: tuple[Any, str, str] | None) -> tuple[bytes, int]:
    """One document's record as written at ``at``: its deferred values, then the pickled
    ``(source, summaries, places)``; and where the record starts in those bytes. ``raw_at``:
    where the raw part its :class:`RawText` values point into is (``raw``: that part, its
    reader and path). Places are counted from the record's start, so a record reads the same
    wherever its bytes land (a worker makes them before the run knows where)."""
    values = [v for v in summaries.deferred if type(v) is not RawText]
    start = at + sum(map(len, values))
    places: list[tuple[Any, ...]] = []
    pos = at
    for value in summaries.deferred:
        if type(value) is RawText:
            places.append((raw_at + value.offset - start, value.size, *raw[1:], value.number))  # type: ignore[index]
        else:
            places.append((pos - start, len(value)))
            pos += len(value)
    record = pickle.dumps((source, summaries.blob, tuple(places)), _PROTOCOL)
    return b"".join((*values, record)) if values else record, start - at


class StoreBlock(NamedTuple):
    """The store records of consecutive documents, made where they were linted (a ``-j`` or
    Dask worker), so that the run writes them in one piece instead of record by record. If
    ``raw``, records leave their texts in the raw part they were read from, which the run
    writes right before the block."""

    data: bytes
    starts: array  #: where each record starts in ``data``
    ends: array
    codes: dict[str, array]  #: rule code -> the records holding its summary, counted from 0
    raw: bool

    @classmethod
    def build(cls, records: Iterable[tuple[Source, PackedSummaries]], raw: tuple[bytes, str, str]) -> StoreBlock:
        """The block of ``records``, whose :class:`RawText` values point into ``raw`` (the
        part, its reader and path)."""
        chunks: list[bytes] = []
        starts, ends = array("q"), array("q")
        codes: dict[str, array] = {}
        size = 0
        uses_raw = False
        for n, (source, summaries) in enumerate(records):
            uses_raw = uses_raw or any(type(v) is RawText for v in summaries.deferred)
            data, start = record_bytes(source, summaries, size, -len(raw[0]), raw)
            chunks.append(data)
            starts.append(size + start)
            size += len(data)
            ends.append(size)
            for code in summaries.codes:
                codes.setdefault(code, array("q")).append(n)
        return cls(b"".join(chunks), starts, ends, codes, uses_raw)


def _pread(file: Any, offset: int, size: int) -> bytes:
    file.flush()
    if hasattr(os, "pread"):
        return os.pread(file.fileno(), size, offset)
    end = file.tell()  # Windows: seek there and back, appends go on at the end
    file.seek(offset)
    data = file.read(size)
    file.seek(end)
    return data


class CorpusStore:
    """Append-only ``(source, {rule code: summary})`` records of one run, on disk."""

    def __init__(self) -> None:
        self._file: Any = None  # opened with the first record: most runs of one article have none
        #: ``reread(raw, reader, path, number)``: the text of a raw input item (set by the run)
        self.reread: Any = None
        self._raw: tuple[bytes, str, str] | None = None  # the part whose raw texts come next
        self._raw_at: int | None = None  # where it is stored, once a record needed it
        self._size = 0  # bytes written to the file
        self._starts = array("q")  # where each record starts (its deferred values are before it)
        self._ends = array("q")
        self._by_code: dict[str, array] = {}  # rule code -> indexes of the records holding its summary
        # documents are looked up again and again while a rule compares them: keep the recent ones
        self._load = lru_cache(maxsize=256)(self._read)

    def append(self, source: Source, summaries: dict[str, Any] | PackedSummaries, tallied: bool = False) -> None:
        """``tallied``: the summaries are tallied on the way, their tally-only values left out."""
        self._open()
        if not isinstance(summaries, PackedSummaries):
            summaries = PackedSummaries.pack(summaries, tallied=tallied)
        raw = self._raw_offset() if any(type(v) is RawText for v in summaries.deferred) else 0
        data, start = record_bytes(source, summaries, self._size, raw, self._raw)
        self._file.write(data)
        self._add(self._size, (start,), (len(data),), summaries.codes)
        self._size += len(data)

    def append_block(self, block: StoreBlock) -> None:
        """Records a worker made of consecutive documents (see :class:`StoreBlock`): one write."""
        self._open()
        if block.raw:  # the raw part goes right before the block: its records count on it
            self._raw_at = None
            self._raw_offset()
        base = self._size
        self._file.write(block.data)
        self._add(base, block.starts, block.ends, block.codes)
        self._size += len(block.data)

    def _add(self, base: int, starts: Iterable[int], ends: Iterable[int],
             codes: Iterable[str] | dict[str, array]) -> None:
        """Index records written at ``base``: their starts and ends (from ``base``), and the
        codes of their summaries (one record's codes, or each code's records)."""
        n = len(self._ends)
        self._starts.extend(map(base.__add__, starts))
        self._ends.extend(map(base.__add__, ends))
        if isinstance(codes, dict):
            for code, records in codes.items():
                self._by_code.setdefault(code, array("q")).extend(map(n.__add__, records))
        else:
            for code in codes:
                self._by_code.setdefault(code, array("q")).append(n)

    def raw_part(self, raw: bytes | None, reader: str = "", path: str = "") -> None:
        """The raw input part (of ``reader``, read from ``path``) whose items the records
        appended next may leave their texts in (:class:`RawText`); None after them. The part
        is written to the store only if a record does."""
        self._raw = (raw, reader, path) if raw is not None else None
        self._raw_at = None

    def _raw_offset(self) -> int:
        if self._raw is None:
            raise ValueError("a record left its text in a raw part, but none was given")
        if self._raw_at is None:
            self._open()
            self._raw_at = self._size
            self._file.write(self._raw[0])
            self._size += len(self._raw[0])
        return self._raw_at

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, n: int) -> Record:
        if not 0 <= n < len(self._ends):
            raise IndexError(n)
        return self._load(n)

    def __iter__(self) -> Iterator[Record]:
        for n in range(len(self._ends)):
            yield self._read(n)  # past the cache: one pass would only flush it

    def _open(self) -> None:
        if self._file is None:
            import tempfile

            # a large buffer: a run on one core appends a record of a few kilobytes per document
            self._file = tempfile.TemporaryFile(prefix="newslint-corpus-", buffering=1 << 20)

    def sources(self) -> Iterator[tuple[int, Source]]:
        """Every record's index and source, its summaries left unread."""
        for n in range(len(self._ends)):
            start = self._starts[n]
            yield n, pickle.loads(_pread(self._file, start, self._ends[n] - start))[0]

    def _read(self, n: int) -> Record:
        start = self._starts[n]
        source, blob, places = pickle.loads(_pread(self._file, start, self._ends[n] - start))
        if not places:
            return source, pickle.loads(blob)
        _loading.append((self._file, places, self.reread, start))
        try:
            return source, pickle.loads(blob)
        finally:
            _loading.pop()

    def flush(self) -> None:
        """Write out what is buffered (before a fork: the children read the file as it is)."""
        if self._file is not None:
            self._file.flush()

    def count(self, code: str) -> int:
        """How many records hold a summary of rule ``code``."""
        found = self._by_code.get(code)
        return len(found) if found is not None else 0

    def items(self, code: str) -> RuleItems:
        """The ``(source, summary)`` pairs of rule ``code``, in the order documents came."""
        return RuleItems(self, self._by_code.get(code, array("q")), code)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class RuleItems(Sequence):
    """One rule's view of a :class:`CorpusStore`: ``(source, summary)`` pairs, loaded on access."""

    def __init__(self, store: CorpusStore, indexes: array, code: str) -> None:
        self._store, self._indexes, self._code = store, indexes, code

    def __len__(self) -> int:
        return len(self._indexes)

    @overload
    def __getitem__(self, i: int) -> tuple[Source, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[Source, Any]]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        source, summaries = self._store[self._indexes[i]]
        return source, summaries[self._code]

    def __iter__(self) -> Iterator[tuple[Source, Any]]:
        if len(self._indexes) == len(self._store):  # every document: one sequential read
            for source, summaries in self._store:
                yield source, summaries[self._code]
        else:
            for i in range(len(self)):
                yield self[i]
