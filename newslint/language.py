"""Language identification with langdetect, made deterministic and cheap.

langdetect is random unless seeded (langdetect issues #3, #120) and costs milliseconds per
call, so it is imported on first use, seeded once, and only asked about text long enough
for its answer to mean something.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["MIN_LINE_CHARS", "detect_document", "detect_line", "language_probabilities"]

#: lines shorter than this (or with fewer than 3 words) are not sent to langdetect
MIN_LINE_CHARS = 15
_SAMPLE_CHARS = 1500


@lru_cache(maxsize=1)
def _factory() -> Any:
    from langdetect import DetectorFactory, detector_factory

    DetectorFactory.seed = 0
    detector_factory.init_factory()
    return detector_factory._factory


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
    return code.split("-")[0]


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
    probs = language_probabilities("\n".join(sample))
    return _short_lang(probs[0][0]) if probs else "unknown"


@lru_cache(maxsize=4096)
def detect_line(line: str) -> tuple[str, float] | None:
    """(language, probability) of one line, or None when the line is too short to tell."""
    stripped = line.strip()
    if len(stripped) < MIN_LINE_CHARS or len(stripped.split()) < 3:
        return None
    probs = language_probabilities(stripped)
    return (_short_lang(probs[0][0]), probs[0][1]) if probs else None
