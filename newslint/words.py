"""Word frequencies (wordfreq's bundled lists), loaded lazily and looked up as dicts.

A dict lookup is several times faster than calling ``wordfreq.zipf_frequency`` per word,
and importing wordfreq costs ~0.3 s, so nothing here runs until a rule asks.
"""

from __future__ import annotations

import math
from functools import lru_cache

__all__ = ["is_word", "zipf"]


@lru_cache(maxsize=None)
def _freqs(lang: str) -> dict[str, float]:
    import wordfreq

    try:
        return wordfreq.get_frequency_dict(lang, wordlist="best")
    except LookupError:
        return {}


def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of ``word`` (0 when unknown; ~7 for "the", ~3 for rare words)."""
    f = _freqs(lang).get(word.lower(), 0.0)
    return round(math.log10(f) + 9, 2) if f > 0 else 0.0


def is_word(word: str, lang: str = "en", min_zipf: float = 1.5) -> bool:
    """True when ``word`` is a known word (or name) of ``lang`` at least this frequent."""
    return zipf(word, lang) >= min_zipf
