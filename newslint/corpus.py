"""The corpus-rule summaries of a run, kept on disk so that memory stays flat in the input size.

A cross-document rule (:class:`newslint.rule.CorpusRule`) sees every document's summary
at the end of a run. Kept in memory, summaries grow with the input: a million articles
would need gigabytes. :class:`CorpusStore` appends each document's pickled summaries to
an anonymous temporary file and keeps only their offsets; :meth:`CorpusStore.items` gives
a rule a read-only sequence of ``(source, summary)`` that loads records as they are read,
so a rule that walks the sequence (or looks documents up by index) works unchanged.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, overload

from newslint.document import Source

__all__ = ["CorpusStore", "PackedSummaries", "RuleItems"]

Record = tuple[Source, dict[str, Any]]


class PackedSummaries(NamedTuple):
    """A document's summaries pickled where they were made (a ``-j`` or Dask worker): the
    parent writes them to the store as they are instead of unpickling and pickling again."""

    codes: tuple[str, ...]
    blob: bytes

    @classmethod
    def pack(cls, summaries: dict[str, Any]) -> PackedSummaries:
        return cls(tuple(summaries), pickle.dumps(summaries, protocol=pickle.HIGHEST_PROTOCOL))


class CorpusStore:
    """Append-only ``(source, {rule code: summary})`` records of one run, on disk."""

    def __init__(self) -> None:
        self._file: Any = None  # opened with the first record: most runs of one article have none
        self._ends = array("q")  # end offset of each record; a record starts where the previous ends
        self._by_code: dict[str, array] = {}  # rule code -> indexes of the records holding its summary
        # documents are looked up again and again while a rule compares them: keep the recent ones
        self._load = lru_cache(maxsize=256)(self._read)

    def append(self, source: Source, summaries: dict[str, Any] | PackedSummaries) -> None:
        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile(prefix="newslint-corpus-")
        if not isinstance(summaries, PackedSummaries):
            summaries = PackedSummaries.pack(summaries)
        n = len(self._ends)
        self._file.write(pickle.dumps((source, summaries.blob), protocol=pickle.HIGHEST_PROTOCOL))
        self._ends.append(self._file.tell())
        for code in summaries.codes:
            self._by_code.setdefault(code, array("q")).append(n)

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, n: int) -> Record:
        if not 0 <= n < len(self._ends):
            raise IndexError(n)
        return self._load(n)

    def __iter__(self) -> Iterator[Record]:
        for n in range(len(self._ends)):
            yield self._read(n)  # past the cache: one pass would only flush it

    def _read(self, n: int) -> Record:
        start = self._ends[n - 1] if n else 0
        size = self._ends[n] - start
        self._file.flush()
        if hasattr(os, "pread"):
            data = os.pread(self._file.fileno(), size, start)
        else:
            end = self._file.tell()  # Windows: seek there and back, appends go on at the end
            self._file.seek(start)
            data = self._file.read(size)
            self._file.seek(end)
        source, blob = pickle.loads(data)
        return source, pickle.loads(blob)

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
