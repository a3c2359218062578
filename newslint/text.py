"""Small text helpers shared by the engine, the packs and the rules."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from newslint.document import Document

__all__ = ["edges", "is_prose", "lazy_pattern", "lazy_regex", "line_key", "lower_same_length", "word_bounded"]

#: what a compiled pattern offers (``re.Pattern``'s public attributes)
_PATTERN_ATTRS = ("findall", "finditer", "flags", "fullmatch", "groupindex", "groups", "match", "pattern",
                  "scanner", "search", "split", "sub", "subn")


class _LazyPattern:
    """A pattern compiled on its first use; see :func:`lazy_pattern`."""

    def __init__(self, pattern: Any, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # asked only for what is not set yet: the first use compiles the pattern and keeps
        # its methods here, so later uses cost what the compiled pattern's own do
        if name.startswith("__"):  # copy, pickle and the like probing for special methods
            raise AttributeError(name)
        compiled = re.compile(*self._args)
        for attr in _PATTERN_ATTRS:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return _LazyPattern, self._args

    def __repr__(self) -> str:
        return f"lazy_pattern({self._args[0]!r}, {self._args[1]!r})"


def lazy_pattern(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
    """``re.compile(pattern, flags)``, compiled on first use: used as the compiled pattern is.

    For a module-level pattern that most documents never reach (behind a cheaper gate):
    importing the module stays cheap, which a pre-commit start on one article pays for
    (a class with a character beyond U+00FF alone costs ~0.3 ms to compile). It is not an
    ``re.Pattern`` instance: pass it to no ``re`` function, call its methods."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]


_BULLETS = "•·‣◦▪▫■□●○►▶›»>*-–—|#"
_TRAILING = " \t.:;!|›»>…-–—·•"
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})
_SENTENCE_END = lazy_pattern(r"[.!?…][\"'”’)\]]*$")


def lazy_regex(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """``pattern`` compiled on first use: ``lazy_regex(p)().search(text)``.

    For a pattern only some documents reach (behind a cheaper gate) whose compiling is
    slow, e.g. a class of wide Unicode ranges: importing a rule module stays cheap, which a
    pre-commit start on one article pays for."""
    return cache(lambda: re.compile(pattern, flags))


def line_key(text: str) -> str:
    """Normalise a line for whole-line phrase lookup: case, spacing, bullets, end marks."""
    key = text.strip().lstrip(_BULLETS).rstrip(_TRAILING).strip()
    return _SPACES.sub(" ", key.translate(_APOSTROPHES)).casefold()


def lower_same_length(text: str) -> str:
    """``text.lower()`` with every character at its original offset.

    A handful of characters lower to two code points (``İ``); they are kept as they are so
    offsets found in the lowered text are offsets in the original.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def word_bounded(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` does not start or end inside a word."""
    if start > 0 and text[start].isalnum() and text[start - 1].isalnum():
        return False
    if end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        return False
    return True


def is_prose(text: str) -> bool:
    """A paragraph that reads like article body text: long enough and a finished sentence."""
    stripped = text.strip()
    # split at most 12 times and look only at the end: cheap on long paragraphs
    return len(stripped.split(None, 11)) >= 12 and bool(_SENTENCE_END.search(stripped[-16:]))


def edges(doc: Document, which: str = "edges") -> frozenset[int]:
    """Line numbers of the article's head block, tail block, or both (``which``).

    Page furniture clusters before the body and after it. The head block is every
    paragraph before the first prose paragraph plus the first two paragraphs; the tail
    block is every paragraph after the last prose paragraph plus the last three.
    """
    key = f"edges:{which}"
    if key in doc.cache:
        return doc.cache[key]
    paragraphs = doc.paragraphs
    prose = [i for i, p in enumerate(paragraphs) if is_prose(p.text)]
    first = prose[0] if prose else len(paragraphs)
    last = prose[-1] if prose else -1
    head = {p.number for p in paragraphs[: max(first, 2)]}
    tail = {p.number for p in paragraphs[min(last + 1, max(len(paragraphs) - 3, 0)) :]}
    result = {"head": head, "tail": tail, "edges": head | tail}[which]
    doc.cache[key] = frozenset(result)
    return doc.cache[key]
