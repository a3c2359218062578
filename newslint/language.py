"""Language identification with langdetect, made deterministic and cheap.

langdetect is random unless seeded (langdetect issues #3, #120) and costs milliseconds per
call, so it is imported on first use, seeded once, and only asked about text long enough
for its answer to mean something.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

__all__ = ["MIN_LINE_CHARS", "detect_document", "detect_line", "language_probabilities"]

#: lines shorter than this (or with fewer than 3 words) are not sent to langdetect
MIN_LINE_CHARS = 15
_SAMPLE_CHARS = 1500


#: langdetect profiles loaded: the languages newslint's lexicons cover and the largest other
#: news languages. Loading all 55 costs ~1 s, three times as much, on every cold start.
PROFILES = (
    "ar", "cs", "da", "de", "el", "en", "es", "fi", "fr", "he", "hi", "hu", "id", "it", "ja", "ko",
    "nl", "no", "pl", "pt", "ro", "ru", "sv", "tr", "uk", "vi", "zh-cn", "zh-tw",
)


@lru_cache(maxsize=1)
def _factory() -> Any:
    import os

    import langdetect
    from langdetect.detector_factory import DetectorFactory

    folder = os.path.join(os.path.dirname(langdetect.__file__), "profiles")
    factory = DetectorFactory()
    factory.seed = 0  # deterministic (langdetect issues #3, #120)
    cache = _table_cache(folder)
    table = _read_table(cache) if cache is not None else None
    if table is not None:
        factory.langlist, factory.word_lang_prob_map = table
        return factory
    profiles = []
    for lang in PROFILES:
        with open(os.path.join(folder, lang), encoding="utf-8") as fh:
            profiles.append(fh.read())
    factory.load_json_profile(profiles)
    if cache is not None:
        _write_table(cache, factory.langlist, factory.word_lang_prob_map)
    return factory


#: hash buckets of the cached table: ~27 n-grams each, 2048 of them load in ~2 ms
_BUCKETS = 2048
#: bump when the cached table's layout changes (the old files are then never read)
_TABLE_FORMAT = 2
#: cached tables kept (one per set of profile files: a few environments)
_TABLES_KEPT = 3


def _bucket(word: str) -> int:
    # a stable hash (str's hash changes with every process)
    return zlib.crc32(word.encode("utf-8", "surrogatepass")) % _BUCKETS


class _ProbabilityTable(Mapping):
    """langdetect's n-gram -> per-language probabilities, read from newslint's cache.

    Parsing the JSON profiles costs a cold start ~0.3 s, and even a dict of their 54,000
    n-grams ~35 ms to rebuild from a cache. This table is looked up in place instead: the
    probabilities are one flat array of doubles mapped from the cache file (only the rows
    asked for are read), and an n-gram is found in its hash bucket: the newline-joined
    n-grams whose rows start at the bucket's first row. The detector asks about a few
    hundred n-grams a document, so a start pays ~2 ms. A row is returned as langdetect's
    list of floats, the same numbers.
    """

    def __init__(self, buckets: list[tuple[int, str]], flat: Any, width: int) -> None:
        self._buckets, self._flat, self._width = buckets, flat, width
        self._rows: dict[str, list[float] | None] = {}  # rows asked for (None: not an n-gram of the table)

    def _row(self, word: str) -> list[float] | None:
        try:
            return self._rows[word]
        except KeyError:
            pass
        first, words = self._buckets[_bucket(word)]
        at = words.find(f"\n{word}\n") if "\n" not in word else -1
        row = None
        if at >= 0:
            i = (first + words.count("\n", 0, at)) * self._width
            row = self._flat[i : i + self._width].tolist()
        self._rows[word] = row
        return row

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._row(word) is not None

    def __getitem__(self, word: str) -> list[float]:
        row = self._row(word) if isinstance(word, str) else None
        if row is None:
            raise KeyError(word)
        return row

    def __iter__(self) -> Iterator[str]:
        for _, words in self._buckets:
            yield from words[1:-1].split("\n") if len(words) > 1 else ()

    def __len__(self) -> int:
        return len(self._flat) // self._width


def _table_cache(folder: str) -> Any:
    """The cache file of the loaded profiles, named after their files' sizes and times."""
    import hashlib
    import os

    if os.environ.get("NEWSLINT_NO_CACHE"):
        return None
    from newslint.cache import default_cache_dir

    stamp = hashlib.sha256(f"format {_TABLE_FORMAT} buckets {_BUCKETS};".encode())
    for lang in PROFILES:
        st = os.stat(os.path.join(folder, lang))
        stamp.update(f"{lang}:{st.st_size}:{st.st_mtime_ns};".encode())
    return default_cache_dir(None) / "langdetect" / f"{stamp.hexdigest()[:24]}.marshal"


def _read_table(path: Any) -> tuple[list[str], _ProbabilityTable] | None:
    """The table of a cache file: an 8-byte header size, the marshalled (langlist, buckets,
    rows) header, padding to 8 bytes, then the rows' doubles (native byte order)."""
    import marshal
    import mmap

    try:
        # mapped, not read: a detector touches a few hundred of the 54,000 rows. Safe as the
        # file is only ever replaced whole (newslint.cache.write_atomic), never rewritten
        with open(path, "rb") as fh:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        size = int.from_bytes(mapped[:8], "little")
        langlist, buckets, rows = marshal.loads(mapped[8 : 8 + size])
        flat = memoryview(mapped)[_padded(8 + size) :].cast("d")
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if len(buckets) != _BUCKETS or len(flat) != rows * len(langlist):
        return None
    return langlist, _ProbabilityTable(buckets, flat, len(langlist))


def _padded(offset: int) -> int:
    return offset + -offset % 8


def _write_table(path: Any, langlist: list[str], table: dict[str, list[float]]) -> None:
    import marshal
    from array import array
    from itertools import chain

    from newslint.cache import write_atomic

    if any("\n" in word for word in table):  # cannot be kept newline-joined: parse the profiles each time
        return
    grouped: list[list[str]] = [[] for _ in range(_BUCKETS)]
    for word in table:
        grouped[_bucket(word)].append(word)
    buckets, first = [], 0
    for words in grouped:
        buckets.append((first, "\n" + "\n".join(words) + "\n" if words else "\n"))
        first += len(words)
    header = marshal.dumps((list(langlist), buckets, first))
    flat = array("d", chain.from_iterable(table[word] for words in grouped for word in words))
    padding = bytes(_padded(8 + len(header)) - 8 - len(header))
    if write_atomic(path, len(header).to_bytes(8, "little") + header + padding + flat.tobytes()):
        _forget_old_tables(path)


def _forget_old_tables(kept: Any) -> None:
    """Remove all but the newest few tables (each langdetect install or format leaves one)."""
    try:
        tables = sorted(kept.parent.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in tables[_TABLES_KEPT:]:
            if old != kept:
                old.unlink()
    except OSError:  # another process removed one first
        pass


def language_probabilities(text: str) -> list[tuple[str, float]]:
    """langdetect's ranked (language, probability) list; empty when it cannot decide."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        return [(p.lang, p.prob) for p in detector.get_probabilities()]
    except LangDetectException:
        return []


def _short_lang(code: str) -> str:
    """ISO 639-1 as wordfreq and the lexicons use it: zh-cn -> zh, no -> nb."""
    code = code.split("-")[0]
    return "nb" if code == "no" else code


def detect_document(text: str) -> str:
    """The language of an article, from its longest paragraphs; ``"unknown"`` if undecidable."""
    paragraphs = sorted((p for p in text.split("\n") if len(p) > 40), key=len, reverse=True)
    sample = []
    size = 0
    for p in paragraphs:
        sample.append(p)
        size += len(p)
        if size >= _SAMPLE_CHARS:
            break
    if not sample:
        sample = [text[:_SAMPLE_CHARS]]
    probs = language_probabilities("\n".join(sample)[:_SAMPLE_CHARS])  # a 2 MB paragraph costs as 1.5 KB
    return _short_lang(probs[0][0]) if probs else "unknown"


def detect_line(line: str) -> tuple[str, float] | None:
    """(language, probability) of one line, or None when the line is too short to tell.

    Not cached across documents: a rule asks about a few lines of a document (its candidates)
    and keeps what it needs in ``doc.cache``."""
    stripped = line.strip()
    if len(stripped) < MIN_LINE_CHARS or len(stripped.split()) < 3:
        return None
    probs = language_probabilities(stripped)
    return (_short_lang(probs[0][0]), probs[0][1]) if probs else None
