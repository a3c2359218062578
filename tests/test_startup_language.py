"""langdetect's profiles read from newslint's cache in place (issue 7: a start on an article
that needs a language detected): the same table as langdetect's own, and a damaged or stale
cache file is never trusted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import newslint.language as language


def _reloaded() -> object:
    language._factory.cache_clear()
    return language._factory().word_lang_prob_map


def test_the_cached_table_holds_langdetects_ngrams_and_rows(language_cache: Path) -> None:
    built = language._factory().word_lang_prob_map
    assert isinstance(built, dict)
    table = _reloaded()
    assert isinstance(table, language._ProbabilityTable)
    assert len(table) == len(built) and set(table) == set(built)
    assert all(word in table and table[word] == row for word, row in built.items())
    for other in ("zzqx", "", " ", "a\nb", "\n", "\ud800", "ab\n" + next(iter(built))):
        assert (other in table) == (other in built), repr(other)
        if other not in built:
            with pytest.raises(KeyError):
                table[other]


def test_a_truncated_table_is_not_read(language_cache: Path) -> None:
    language._factory()
    (path,) = language_cache.glob("langdetect/*")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert isinstance(_reloaded(), dict), "the profiles are parsed again"
    assert isinstance(_reloaded(), language._ProbabilityTable), "and the table written anew"


def test_only_the_newest_tables_are_kept(language_cache: Path) -> None:
    folder = language_cache / "langdetect"
    folder.mkdir()
    for i in range(5):  # tables of earlier langdetect installs or formats
        (folder / f"old{i}.marshal").write_bytes(b"old")
        os.utime(folder / f"old{i}.marshal", (1_000_000 + i, 1_000_000 + i))
    language._factory()
    kept = sorted(p.name for p in folder.glob("*.marshal"))
    assert len(kept) == language._TABLES_KEPT
    assert "old4.marshal" in kept and "old0.marshal" not in kept
