"""engine.locate (and Document.span) work out display spans from the line starts alone:
they must agree with Document.position and Document.lines for every span of every shape of
text. Findings are ordered by Finding.sort_key."""

from __future__ import annotations

import itertools

import pytest

from newslint.document import Document
from newslint.engine import locate
from newslint.model import Edit, Finding, Fix, Span

TEXTS = ["", "a", "\n", "ab\n", "ab\ncd", "ab\n\ncd\n", "\n\nx", "one\r\ntwo\n\n  \nthree “four”\n"]


def _reference(doc: Document, start: int, end: int) -> Span:
    """The span by its definition: the 1-based (line, column) of each end."""
    return Span(*doc.position(start), *doc.position(end))


@pytest.mark.parametrize("text", TEXTS)
def test_locate_agrees_with_the_document_index(text: str) -> None:
    doc = Document(text)
    offsets = range(len(text) + 1)
    for start, end in itertools.combinations_with_replacement(offsets, 2):
        edits = [Edit(start, end, "x"), Edit(0, start), Edit(end, len(text), "y")]
        for edit in edits:
            f = locate(doc, Finding("XX001", "x", "m", start, end, fix=Fix.safe(edit)))
            assert f.span == doc.span(start, end) == _reference(doc, start, end)
            assert f.source_line == doc.lines[f.span.line - 1].text
            assert f.matched == text[start:end]
            assert f.edit_spans == (_reference(doc, edit.start, edit.end),)


def test_an_edit_of_the_findings_own_span_shares_its_span() -> None:
    doc = Document("ab\ncd\n")
    f = locate(doc, Finding("XX001", "x", "m", 3, 5, fix=Fix.safe(Edit(3, 5), Edit(0, 1))))
    assert f.edit_spans[0] == doc.span(0, 1) and f.edit_spans[1] is f.span
    assert locate(doc, Finding("XX001", "x", "m", 3, 5)).edit_spans == ()


def test_the_engine_orders_findings_by_their_sort_key() -> None:
    from newslint.engine import _FINDING_ORDER

    f = Finding("XX001", "x", "m", 3, 5)
    assert _FINDING_ORDER(f) == f.sort_key() == (3, 5, "XX001")
