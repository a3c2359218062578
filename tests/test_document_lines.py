"""Document's line index (built in one loop) against the definition it stands for."""

from __future__ import annotations

import pytest

from newslint.document import Document, Line

TEXTS = ["", "a", "\n", "\n\n", "a\n", "a\n\n  \nb\n", "x\r\ny\x0bz\u2028w", "één “twee”\n\n\tdrie 🙂\n"]


@pytest.mark.parametrize("text", TEXTS)
def test_lines_paragraphs_and_starts_follow_the_text(text: str) -> None:
    doc = Document(text)
    expected, start = [], 0
    for number, part in enumerate(text.split("\n"), 1):
        expected.append(Line(number, start, start + len(part), part))
        start += len(part) + 1
    assert doc.lines == expected and all(type(line) is Line for line in doc.lines)
    assert all(text[line.start : line.end] == line.text for line in doc.lines)
    assert doc.paragraphs == [line for line in expected if line.text.strip()]
    assert doc.line_starts == [line.start for line in expected]
    assert [doc.line_at(offset).number for offset in range(len(text) + 1)] == [
        text.count("\n", 0, offset) + 1 for offset in range(len(text) + 1)
    ]
