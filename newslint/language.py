"""Language identification with langdetect, made deterministic and cheap.

langdetect is random unless seeded (langdetect issues #3, #120) and costs milliseconds per
call, so it is imported on first use, seeded once, and only asked about text long enough
for its answer to mean something.
"""

from __future__ import annotations

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


class _ProbabilityTable(Mapping):
    """langdetect's n-gram -> per-language probabilities, as one flat array of doubles.

    Parsing the JSON profiles (or unmarshalling 1.5 million floats) costs a cold start
    ~0.3 s; this table loads from newslint's cache in a few milliseconds and gives the
    detector the same numbers (a row is an ``array`` slice: indexable like langdetect's list).
    """

    def __init__(self, rows: dict[str, int], flat: Any, width: int) -> None:
        self._rows, self._flat, self._width = rows, flat, width
        self._lists: dict[str, list[float]] = {}  # rows asked for, as langdetect's lists

    def __contains__(self, word: object) -> bool:
        return word in self._rows

    def __getitem__(self, word: str) -> list[float]:
        row = self._lists.get(word)
        if row is None:
            i = self._rows[word] * self._width
            row = self._lists[word] = self._flat[i : i + self._width].tolist()
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _table_cache(folder: str) -> Any:
    """The cache file of the loaded profiles, named after their files' sizes and times."""
    import hashlib
    import os

    if os.environ.get("NEWSLINT_NO_CACHE"):
        return None
    from newslint.cache import default_cache_dir

    stamp = hashlib.sha256()
    for lang in PROFILES:
        st = os.stat(os.path.join(folder, lang))
        stamp.update(f"{lang}:{st.st_size}:{st.st_mtime_ns};".encode())
    return default_cache_dir(None) / "langdetect" / f"{stamp.hexdigest()[:24]}.marshal"


def _read_table(path: Any) -> tuple[list[str], _ProbabilityTable] | None:
    import marshal
    from array import array

    try:
        langlist, rows, raw = marshal.loads(path.read_bytes())
        flat = array("d")
        flat.frombytes(raw)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if len(flat) != len(rows) * len(langlist):
        return None
    return langlist, _ProbabilityTable(rows, flat, len(langlist))


def _write_table(path: Any, langlist: list[str], table: dict[str, list[float]]) -> None:
    import marshal
    from array import array
    from itertools import chain

    from newslint.cache import write_atomic

    rows = {word: i for i, word in enumerate(table)}
    flat = array("d", chain.from_iterable(table.values()))
    write_atomic(path, marshal.dumps((list(langlist), rows, flat.tobytes())))


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


@lru_cache(maxsize=4096)
def detect_line(line: str) -> tuple[str, float] | None:
    """(language, probability) of one line, or None when the line is too short to tell."""
    stripped = line.strip()
    if len(stripped) < MIN_LINE_CHARS or len(stripped.split()) < 3:
        return None
    probs = language_probabilities(stripped)
    return (_short_lang(probs[0][0]), probs[0][1]) if probs else None
