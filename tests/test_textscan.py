"""The shared whole-text scans: the byte views agree with the text they stand for."""

from __future__ import annotations

import pytest

from newslint.checks.textscan import char_offsets, class_view, reversed_class_view, utf8
from newslint.document import Document

TEXTS = ["", "theGovernment said .", "Ünïcödé “quotes” — and\tmore\n\nlines ", "emoji 🙂 and a lone \ud800 surrogate"]


@pytest.mark.parametrize("text", TEXTS)
def test_the_reversed_view_is_the_class_view_backwards(text: str) -> None:
    doc = Document(text)
    assert bytes(reversed_class_view(doc)) == class_view(doc)[::-1]
    assert reversed_class_view(doc) is reversed_class_view(doc)  # built once per document
    assert len(class_view(doc)) == len(utf8(doc))


@pytest.mark.parametrize("text", TEXTS)
def test_char_offsets_map_character_starts_back_to_the_text(text: str) -> None:
    doc = Document(text)
    data = utf8(doc)
    starts = [b for b in range(len(data) + 1) if b == len(data) or data[b] & 0xC0 != 0x80]
    assert char_offsets(doc, starts) == list(range(len(text) + 1))
