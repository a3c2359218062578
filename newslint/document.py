"""The document every rule reads: exact text, where it came from, and cheap indexes over it."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from newslint.model import Span

__all__ = ["Document", "Line", "Source"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from.

    ``path`` is the path as given on the command line (``-`` for stdin); ``record`` is the
    1-based line of the record in a JSONL file; ``id`` the record's id field, if any.
    """

    path: str
    record: int | None = None
    id: str | None = None
    format: str = "text"

    @property
    def key(self) -> str:
        """A stable identifier used for baselines, caches and cross-document messages."""
        if self.record is None:
            return self.path
        return f"{self.path}:{self.id if self.id is not None else self.record}"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # a plain constructor call: pickling a slotted frozen dataclass field by field is slow,
        # and sources cross process boundaries and the corpus store by the thousand
        return Source, (self.path, self.record, self.id, self.format)

    def __str__(self) -> str:
        if self.record is None:
            return self.path
        label = f" ({self.id})" if self.id is not None else ""
        return f"{self.path}:{self.record}{label}"


#: the source of a document made from a string (immutable: one object serves them all)
_TEXT_SOURCE = Source("<text>")


class Line(NamedTuple):
    """One line of a document: ``text[start:end]`` without its line break."""

    number: int  #: 1-based
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text or self.text.isspace()


_tuple_new = tuple.__new__  # Line(*fields) without NamedTuple's Python-level __new__


def span_at(line_starts: list[int], start: int, end: int) -> Span:
    """The display span of code points ``start`` to ``end`` of a text whose lines start at
    ``line_starts`` (``Document.span``, for a caller that holds the line starts already)."""
    line = bisect.bisect_right(line_starts, start)
    end_line = line if end == start else bisect.bisect_right(line_starts, end)
    return Span(line, start - line_starts[line - 1] + 1, end_line, end - line_starts[end_line - 1] + 1)


class _memo:
    """``functools.cached_property`` without its lock (Python < 3.12 takes one on every first
    access): a document belongs to one thread, and every rule reads its lines."""

    def __init__(self, func: Any) -> None:
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(eq=False)
class Document:
    """An article's exact text plus lazily built indexes.

    A *paragraph* in scraped news is one non-blank line: extractors emit one paragraph per
    line, with or without blank lines between them. ``cache`` is scratch space shared by
    the rules of one run over this document (language, tokens, parsed directives).
    """

    text: str
    source: Source = _TEXT_SOURCE
    title: str | None = None
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @_memo
    def line_starts(self) -> list[int]:
        """The offset where each line starts (built with :attr:`lines`)."""
        self.lines  # noqa: B018 - fills line_starts
        return self.__dict__["line_starts"]

    @_memo
    def lines(self) -> list[Line]:
        # every document needs its lines and paragraphs (nearly every rule reads one or the
        # other), so both are built in one plain loop: as cheap per line on news articles
        # as a chain of C-level iterators (map, zip, accumulate, compress), and a short
        # text's index costs less than half, having no iterators to set up
        lines: list[Line] = []
        paragraphs: list[Line] = []
        starts: list[int] = []
        start = 0
        for number, text in enumerate(self.text.split("\n"), 1):
            end = start + len(text)
            starts.append(start)
            line = _tuple_new(Line, (number, start, end, text))
            lines.append(line)
            if text.strip():
                paragraphs.append(line)
            start = end + 1
        self.__dict__["line_starts"] = starts
        self.__dict__["paragraphs"] = paragraphs
        return lines

    @_memo
    def paragraphs(self) -> list[Line]:
        """Non-blank lines, in order (built with :attr:`lines`)."""
        self.lines  # noqa: B018 - fills paragraphs
        return self.__dict__["paragraphs"]

    def line_at(self, offset: int) -> Line:
        return self.lines[bisect.bisect_right(self.line_starts, offset) - 1]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def span(self, start: int, end: int) -> Span:
        return span_at(self.line_starts, start, end)

    @property
    def language(self) -> str:
        """The article's language (ISO 639-1), detected once, deterministically."""
        if "language" not in self.cache:
            from newslint.language import detect_document

            self.cache["language"] = detect_document(self.text)
        return self.cache["language"]
