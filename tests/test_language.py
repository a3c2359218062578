"""langdetect's profiles come from newslint's cache on later starts, with the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest

import newslint.language as language

SAMPLES = [
    "The council met on Tuesday to vote on the budget for the coming year.",
    "Le conseil municipal s'est réuni mardi pour voter le budget de l'année prochaine.",
    "Der Stadtrat trat am Dienstag zusammen, um über den Haushalt abzustimmen.",
    "El ayuntamiento se reunió el martes para votar el presupuesto del próximo año.",
    "Regolare Commento Stampare",
    "Совет собрался во вторник, чтобы проголосовать за бюджет на следующий год.",
]


def test_the_cached_profiles_give_langdetects_own_probabilities(language_cache: Path) -> None:
    built = language._factory()
    assert isinstance(built.word_lang_prob_map, dict), "the first start parses the JSON profiles"
    first = [language.language_probabilities(s) for s in SAMPLES]
    assert list(language_cache.glob("langdetect/*.marshal")), "and keeps the table for the next start"

    language._factory.cache_clear()
    cached = language._factory()
    assert isinstance(cached.word_lang_prob_map, language._ProbabilityTable)
    assert cached.langlist == built.langlist
    assert [language.language_probabilities(s) for s in SAMPLES] == first
    assert first[1][0][0] == "fr" and first[2][0][0] == "de"


def test_a_damaged_cache_file_is_rebuilt(language_cache: Path) -> None:
    language._factory()
    (path,) = language_cache.glob("langdetect/*.marshal")
    path.write_bytes(b"\x00garbage")
    language._factory.cache_clear()
    assert isinstance(language._factory().word_lang_prob_map, dict)
    assert language.language_probabilities(SAMPLES[0])[0][0] == "en"
