"""Input readers (a built-in plugin): plain text, Markdown and JSONL records.

A reader turns a byte stream into :class:`Item`\\ s, one per document, each keeping the
raw bytes it came from, and turns an item plus its fixed text back into bytes. Fix mode
streams: every untouched item is written back byte for byte.
"""

from __future__ import annotations

import codecs
import io
import json
from dataclasses import dataclass
from typing import IO, Any, ClassVar, Iterator

from newslint.document import Document, Source
from newslint.hookspecs import hookimpl

__all__ = ["Item", "JsonlReader", "Reader", "ReadOptions", "TextReader", "decode_text"]

_BINARY_SNIFF = 8192


@dataclass(frozen=True)
class ReadOptions:
    text_field: str = "text"
    id_field: str | None = "id"
    title_field: str | None = "title"
    encoding: str | None = None  # None: UTF-8 with BOM detection


@dataclass
class Item:
    """One document read from an input, or the error that kept it from being read."""

    raw: bytes
    doc: Document | None = None
    error: str | None = None
    #: reader-private state needed to write the item back (parsed record, encoding, ...)
    state: Any = None


class Reader:
    """Base class of input readers; register instances through ``newslint_readers``."""

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    #: how a parallel run (``-j``, Dask) hands this reader's inputs to its workers: "lines"
    #: (one item per line: the input is cut into parts at line breaks and each part is read
    #: by a worker), "whole" (each input is read by a worker in one piece), or None (items
    #: are read by the run, their texts linted by the workers)
    parallel: ClassVar[str | None] = None

    def read(self, stream: IO[bytes], path: str, options: ReadOptions) -> Iterator[Item]:
        raise NotImplementedError

    def read_part(self, raw: bytes, path: str, options: ReadOptions, first: int = 1) -> Iterator[Item]:
        """The items of one part of an input (see ``parallel``): for "lines", whole lines
        whose first is line ``first`` of the input; otherwise the whole input."""
        return self.read(io.BytesIO(raw), path, options)

    def render(self, item: Item, fixed_text: str | None, options: ReadOptions) -> bytes:
        """The bytes to write for ``item``: its raw bytes when ``fixed_text`` is None."""
        raise NotImplementedError


@dataclass(frozen=True)
class _TextState:
    encoding: str
    bom: bytes
    crlf: bool


def decode_text(raw: bytes, encoding: str | None = None) -> tuple[str, _TextState]:
    """Decode a text file; raise ``ValueError`` naming the byte offset when it is not text.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised; anything else needs
    ``--encoding``. CRLF line breaks are turned into LF for the rules and restored on write.
    """
    bom = b""
    if encoding is None:
        for mark, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if raw.startswith(mark):
                bom, encoding = mark, enc
                break
        else:
            encoding = "utf-8"
            if b"\x00" in raw[:_BINARY_SNIFF]:
                raise ValueError("binary file (NUL bytes), skipped")
    body = raw[len(bom):]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(bom)
        raise ValueError(
            f"not valid {encoding} at byte {offset} (0x{body[exc.start]:02x}); "
            "pass --encoding (e.g. latin-1) if the file uses another encoding"
        ) from None
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    crlf = "\r\n" in text and "\n" not in text.replace("\r\n", "")
    if crlf:
        text = text.replace("\r\n", "\n")
    return text, _TextState(encoding, bom, crlf)


def encode_text(text: str, state: _TextState) -> bytes:
    if state.crlf:
        text = text.replace("\n", "\r\n")
    return state.bom + text.encode(state.encoding)


class TextReader(Reader):
    """A whole file is one article (``.txt``, ``.text``; stdin by default)."""

    name = "text"
    suffixes = (".txt", ".text")
    format = "text"
    parallel = "whole"

    def read(self, stream: IO[bytes], path: str, options: ReadOptions) -> Iterator[Item]:
        raw = stream.read()
        if not raw:
            return
        try:
            text, state = decode_text(raw, options.encoding)
        except ValueError as exc:
            yield Item(raw, error=str(exc), state=Source(path, format=self.format))
            return
        yield Item(raw, Document(text, Source(path, format=self.format)), state=state)

    def render(self, item: Item, fixed_text: str | None, options: ReadOptions) -> bytes:
        return item.raw if fixed_text is None else encode_text(fixed_text, item.state)


class MarkdownReader(TextReader):
    """A Markdown article (``.md``, ``.markdown``); inline directives go in HTML comments."""

    name = "markdown"
    suffixes = (".md", ".markdown")
    format = "markdown"


class JsonlReader(Reader):
    """One article per JSON object per line (``.jsonl``, ``.ndjson``; gzip-compressed too).

    Only the text field is linted and, in fix mode, rewritten; other fields, key order,
    record order and untouched lines stay exactly as they were.
    """

    name = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
    parallel = "lines"

    def read(self, stream: IO[bytes], path: str, options: ReadOptions) -> Iterator[Item]:
        for number, raw in enumerate(stream, 1):
            yield self._item(raw, number, path, options)

    def read_part(self, raw: bytes, path: str, options: ReadOptions, first: int = 1) -> Iterator[Item]:
        for number, line in enumerate(io.BytesIO(raw), first):  # lines cut as a file's are
            yield self._item(line, number, path, options)

    def _item(self, raw: bytes, number: int, path: str, options: ReadOptions) -> Item:
        if not raw.strip():
            return Item(raw)  # blank line: nothing to lint, written back as is
        source = Source(path, record=number, format="jsonl")
        try:
            # a byte-order mark may open the file (Windows exports); it is kept on write
            line = raw.decode(options.encoding or ("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            return Item(raw, error=f"record {number}: not valid UTF-8 at byte {exc.start} of the line",
                        state=source)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            return Item(raw, error=f"record {number}: not valid JSON: {exc.msg} (column {exc.colno})", state=source)
        if not isinstance(obj, dict):
            return Item(raw, error=f"record {number}: not a JSON object", state=source)
        rid = obj.get(options.id_field) if options.id_field else None
        source = Source(path, record=number, id=None if rid is None else str(rid), format="jsonl")
        if options.text_field not in obj:
            return Item(raw, error=f"record {number}: no {options.text_field!r} field (use --text-field)", state=source)
        text = obj[options.text_field]
        if not isinstance(text, str):
            return Item(raw, error=f"record {number}: field {options.text_field!r} is {type(text).__name__}, not a string",
                        state=source)
        title = obj.get(options.title_field) if options.title_field else None
        doc = Document(text, source, title if isinstance(title, str) else None)
        return Item(raw, doc, state=obj)

    def render(self, item: Item, fixed_text: str | None, options: ReadOptions) -> bytes:
        if fixed_text is None or item.doc is None:
            return item.raw
        obj = dict(item.state)
        obj[options.text_field] = fixed_text
        ending = item.raw[len(item.raw.rstrip(b"\r\n")):]
        # keep the record's own style: compact separators, ASCII escapes
        compact = b'": ' not in item.raw and b'", "' not in item.raw
        ascii_only = item.raw.isascii() and b"\\u" in item.raw
        text = json.dumps(obj, ensure_ascii=ascii_only, separators=(",", ":") if compact else None)
        bom = codecs.BOM_UTF8 if item.raw.startswith(codecs.BOM_UTF8) else b""
        return bom + text.encode("utf-8") + ending


@hookimpl
def newslint_readers() -> list[Reader]:
    return [TextReader(), MarkdownReader(), JsonlReader()]
