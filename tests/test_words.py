"""Word frequencies: the SQLite index answers as wordfreq's dict does, and a damaged index
falls back to the dict."""

from __future__ import annotations

from pathlib import Path

import pytest

import newslint.words as words

SAMPLE = ["the", "house", "sednaya", "saydnaya", "kelemen", "akismet", "qwzxv", "über", "l'état", ""]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """newslint's cache in ``tmp_path``, no lookup or answer kept from before (nor after)."""
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    words._lookup.cache_clear()
    words.zipf.cache_clear()
    yield tmp_path
    words._lookup.cache_clear()
    words.zipf.cache_clear()


def _expected() -> dict[str, float]:
    freqs = words._frequency_dict("en")
    return {w: freqs.get(w, 0.0) for w in SAMPLE}


def test_the_index_answers_as_the_dict(fresh: Path) -> None:
    expected = _expected()
    first = words._lookup("en")  # no index yet: the dict built now answers, the index is written
    assert {w: first(w) for w in SAMPLE} == expected
    index = words._index_path("en")
    assert index is not None and index.exists()
    words._lookup.cache_clear()
    assert {w: words._lookup("en")(w) for w in SAMPLE} == expected  # from the index


def test_zipf_is_the_same_through_the_index(fresh: Path) -> None:
    from_dict = [words.zipf(w) for w in SAMPLE]  # the first lookup builds the dict
    words._lookup.cache_clear()
    words.zipf.cache_clear()
    assert [words.zipf(w) for w in SAMPLE] == from_dict
    assert words.zipf("the") > 7 > 3 > words.zipf("saydnaya")


def test_a_damaged_index_falls_back_to_the_dict(fresh: Path) -> None:
    expected = _expected()
    words._lookup("en")
    index = words._index_path("en")
    assert index is not None
    index.write_bytes(b"not an SQLite database" * 100)
    words._lookup.cache_clear()
    found = words._lookup("en")
    assert {w: found(w) for w in SAMPLE} == expected
