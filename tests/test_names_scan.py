"""The NM scan and the per-document summary, against plain reference implementations: the
shortcuts taken for speed (a possessive pattern, words judged once per process, set
operations in C) must give what the straightforward code gives, in the same order."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

import newslint.checks.names as names
import newslint.names_variants as nv
from newslint.document import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
#: the capitalised-word pattern as first written: greedy, backtracking
REFERENCE = re.compile(f"[{nv._UPPER}][{nv._LOWER}]{{3,}}(?:[{nv._UPPER}][{nv._LOWER}]+)*")


def reference_summary(index: nv.NameIndex) -> tuple[dict[str, int], tuple[str, ...], dict[str, float]]:
    """(words but function words, rare words, casefolded context weights), word by word."""
    other = index.lang not in ("en", "unknown")
    words: dict[str, int] = {}
    rare: list[str] = []
    context: dict[str, float] = {}
    for w, n in Counter(index.found).items():
        z = nv._zipf(w, "en")
        if z >= nv.FUNCTION_ZIPF:
            continue
        words[w] = n
        if z < nv.RARE_ZIPF:
            rare.append(w)
        if other:
            z = max(z, nv._zipf(w, index.lang))
        if z < nv.SUPPORTED_ZIPF:
            context[w.casefold()] = z
    return words, tuple(rare), context


def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_scan_finds_what_the_backtracking_pattern_finds() -> None:
    rng = random.Random(3)
    alphabet = "AaBbeéÉßÀ×ªµºĀāŁłΩωЖжḀḁ\u0301 \n.'’-McDonaldUSAiPhone"
    samples = texts() + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    for text in samples:
        assert nv._CAPITALISED.findall(text) == REFERENCE.findall(text), text


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_summary_matches_the_word_by_word_reference(lang: str) -> None:
    for text in texts() + ["The Minister and The Ministry met Sednaya officials. This is what They said."]:
        index = nv.name_index(Document(text))
        index.lang = lang  # as NM001 leaves it when it judged a pair in that language
        summary = names.batch_document(text, index)
        words, rare, context = reference_summary(index)
        assert list(summary.words.value.counts.items()) == list(words.items())
        assert summary.words.value.rare == rare
        assert list(summary.context.items()) == list(context.items())
        assert summary.lang == lang


def test_summary_after_the_word_table_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names, "_ENGLISH", names._EnglishWords())
    monkeypatch.setattr(names, "_ENGLISH_KEPT", 5)
    for text in texts():  # each document past the first starts the table afresh
        index = nv.name_index(Document(text))
        summary = names.batch_document(text, index)
        words, rare, context = reference_summary(index)
        assert (summary.words.value.counts, summary.words.value.rare, summary.context) == (words, rare, context)
    assert len(names._ENGLISH.function) <= len(names._ENGLISH) and names._ENGLISH.rare <= names._ENGLISH.keys()
