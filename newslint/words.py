"""Word frequencies from wordfreq's bundled lists, cheap to start and fast to query.

Importing wordfreq and building its English frequency dict costs ~0.5 s, more than a
pre-commit run on one article may spend in total. So the first use builds an SQLite index
of the list in newslint's cache folder (keyed on wordfreq's version and the language);
later runs open it in about a millisecond and look words up through an LRU cache, which
runs at dict speed on the words news text repeats. Without a writable cache folder the
dict is built in memory, as before.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Callable

__all__ = ["has_language", "is_word", "zipf"]


def _data_dir() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _index_path(lang: str) -> Path | None:
    """The index file, named after the word list's size and mtime (a new wordfreq, a new index)."""
    if os.environ.get("NEWSLINT_NO_CACHE"):
        return None
    from newslint.cache import default_cache_dir

    data = _data_dir()
    if data is None:
        return None
    for size in ("large", "small"):
        source = data / f"{size}_{lang}.msgpack.gz"
        if source.exists():
            st = source.stat()
            return default_cache_dir(None) / "wordfreq" / f"{lang}-{st.st_size}-{st.st_mtime_ns}.sqlite"
    return None


def _frequency_dict(lang: str) -> dict[str, float]:
    import wordfreq

    try:
        return wordfreq.get_frequency_dict(lang, wordlist="best")
    except LookupError:
        return {}


def _build_index(path: Path, freqs: dict[str, float]) -> None:
    import sqlite3
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq REAL) WITHOUT ROWID")
            db.executemany("INSERT INTO words VALUES (?, ?)", freqs.items())
        os.replace(tmp, path)  # concurrent builders: the last rename wins, both are complete
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@lru_cache(maxsize=None)
def _lookup(lang: str) -> Callable[[str], float]:
    """A function word -> frequency for ``lang``, backed by the index or an in-memory dict."""
    import sqlite3  # here, not at import: a run whose rules look up no word never needs it

    path = _index_path(lang)
    if path is None or not path.exists():
        freqs = _frequency_dict(lang)
        if path is not None:
            try:
                _build_index(path, freqs)  # for the next run; this one already paid for the dict
            except (OSError, sqlite3.Error):
                pass
        return lambda w: freqs.get(w, 0.0)
    uri = f"file:{path}?mode=ro"
    state: dict[str, object] = {}

    def query(word: str) -> float:
        if state.get("pid") != os.getpid():  # an SQLite connection must not cross a fork
            state["db"], state["pid"] = sqlite3.connect(uri, uri=True, check_same_thread=False), os.getpid()
        row = state["db"].execute("SELECT freq FROM words WHERE word = ?", (word,)).fetchone()  # type: ignore[attr-defined]
        return row[0] if row else 0.0

    try:
        query("the")
    except sqlite3.Error:  # a damaged index: fall back to the dict
        freqs = _frequency_dict(lang)
        return lambda w: freqs.get(w, 0.0)
    return query


@lru_cache(maxsize=None)
def has_language(lang: str) -> bool:
    """True when wordfreq ships a word list for ``lang`` (checked without importing it)."""
    data = _data_dir()
    return data is not None and any((data / f"{size}_{lang}.msgpack.gz").exists() for size in ("large", "small"))


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of ``word`` (0 when unknown; ~7 for "the", ~3 for rare words)."""
    f = _lookup(lang)(word.lower())
    return round(math.log10(f) + 9, 2) if f > 0 else 0.0


def is_word(word: str, lang: str = "en", min_zipf: float = 1.5) -> bool:
    """True when ``word`` is a known word (or name) of ``lang`` at least this frequent."""
    return zipf(word, lang) >= min_zipf
