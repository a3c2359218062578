"""The doubled rules' (DB) shortcuts give what the plain scans they replace give: the first
line and first token read without copying the text, DB005 keys with or without the
document's line index."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.config import Config
from newslint.document import Document
from newslint.engine import Linter

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: a paragraph that starts with a phrase of 1-8 tokens repeated, after a line break: what
#: DB003 looks for at every line start
PARAGRAPH_RUN = re.compile(r"\n[ \t]*+(\S++(?: \S++){0,7}?)(?: \1)++(?!\S)")
TOKENS = ["Loading", "Read more", "the", "The", "a", " ", " ", "\t", "\n", "\n\n", "Photos: The rise",
          "x", "?????", "!", "don’t", "é"]


@EXAMPLES
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=16).map("".join))
def test_paragraph_runs_are_the_pattern_s_on_a_line_break_and_the_text(text: str) -> None:
    from newslint.checks.doubled import _paragraph_runs

    expected = [(m.start(1) - 1, m.end() - 1, m[1]) for m in PARAGRAPH_RUN.finditer("\n" + text)]
    assert [(m.start(1), m.end(), m[1]) for m in _paragraph_runs(text)] == expected


@st.composite
def phrase_lines(draw: st.DrawFn) -> str:
    """Lines that start (or nearly start) with a phrase of up to ten tokens repeated."""
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        vocabulary = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h", "i", "ab", "A", "a."])
        words = st.lists(vocabulary, min_size=1, max_size=10, unique=draw(st.booleans()))
        unit = draw(st.sampled_from([" ", "  ", "\t"])).join(draw(words))
        lead = draw(st.sampled_from(["", " ", "\t", "\xa0", "b "]))
        gap = draw(st.sampled_from([" ", "  ", "\t"]))
        tail = draw(st.sampled_from(["", " ", "b", " b", ".", "\xa0b", "\r"]))
        lines.append(lead + gap.join([unit] * draw(st.integers(1, 3))) + tail)
    return "\n".join(lines)


@EXAMPLES
@given(phrase_lines())
def test_paragraph_runs_gate_keeps_every_run(text: str) -> None:
    from newslint.checks.doubled import _paragraph_runs

    expected = [(m.start(1) - 1, m.end() - 1, m[1]) for m in PARAGRAPH_RUN.finditer("\n" + text)]
    assert [(m.start(1), m.end(), m[1]) for m in _paragraph_runs(text)] == expected


@EXAMPLES
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=16).map("".join))
def test_repeated_word_scan_reads_the_first_token_like_the_others(text: str) -> None:
    from newslint.checks.doubled import _repeated_words, _repeated_words_exactly

    assert _repeated_words(Document(text)) == _repeated_words_exactly(Document(text))


@EXAMPLES
@given(st.lists(st.sampled_from(["школа", "Школа", "слово", "на", "по", "the", " ", " ", "\n", ",", "é"]),
                min_size=1, max_size=16).map("".join))
def test_repeated_word_scan_passes_over_words_of_another_script(text: str) -> None:
    """Every byte of a Cyrillic word reads 0x80 in the byte scan: equal-length words are
    candidates there, judged and passed over one by one."""
    from newslint.checks.doubled import _repeated_words, _repeated_words_exactly

    assert _repeated_words(Document(text)) == _repeated_words_exactly(Document(text))


def test_a_false_byte_candidate_hides_no_repeat(byte_scan_only: None) -> None:
    import newslint.checks.doubled as doubled

    text = "Школа слово слово на по the the школа Школа\nпо по"
    assert [(text[a:b], token) for a, b, token in doubled._repeated_words(Document(text))] == [
        ("слово слово", "слово"), ("the the", "the"), ("школа Школа", "школа"), ("по по", "по")]


def test_lost_characters_need_five_question_marks() -> None:
    linter = Linter(Config(select=("DB003",)), entry_points=False)
    found = [f.matched for f in linter.lint(Document("What???? Who????? Where??????\n")).findings]
    assert found == ["?????", "??????"]
    assert [f.matched for f in linter.lint(Document("Who????? said it\n")).findings] == ["?????"]


def test_duplicate_paragraphs_are_found_with_or_without_the_line_index() -> None:
    paragraph = "The meetings are the sixth round of talks brokered by the UN envoy in Geneva this year."
    text = f"{paragraph}\n\nOther news came in on Monday.\n\n  {paragraph} \n"
    linter = Linter(Config(select=("DB005",)), entry_points=False)
    plain = Document(text)
    indexed = Document(text)
    assert indexed.lines  # a rule before DB005 built the line index
    assert "lines" in vars(indexed)
    found = [(f.start, f.end, f.message) for f in linter.lint(plain).findings]
    assert found == [(f.start, f.end, f.message) for f in linter.lint(indexed).findings]
    assert found == [(text.index("  The") + 2, text.index("  The") + 2 + len(paragraph), "paragraph repeats line 1 verbatim")]


def test_each_copy_after_the_first_is_reported_and_short_repeats_are_not() -> None:
    first = "The meetings are the sixth round of talks brokered by the UN envoy in Geneva this year."
    second = "Officials from both delegations said the talks would resume after a short break in March."
    text = "\n".join(["Advertisement", first, second, "Advertisement", first, "Share", second, first, "Share"])
    linter = Linter(Config(select=("DB005",)), entry_points=False)
    found = [(f.span.line, f.message) for f in linter.lint(Document(text)).findings]
    assert found == [(5, "paragraph repeats line 2 verbatim"), (7, "paragraph repeats line 3 verbatim"),
                     (8, "paragraph repeats line 2 verbatim")]


CAPITALS = ["TThe", "AA ", "II ", "AAA ", "US ", "aTTh", "\tAA\t", "II", "AAa", "CEOs", "É", "a", " ", "\n", "I"]


@EXAMPLES
@given(st.lists(st.sampled_from(CAPITALS), min_size=1, max_size=12).map("".join))
def test_doubled_capitals_scan_is_the_plain_searches(text: str) -> None:
    from newslint.checks.doubled import _doubled_capitals

    data = text.encode()
    word = re.search(rb"(?<![a-z])([A-Z])\1[a-z]", data) is not None
    letter = b"AA " in data or b"II " in data
    assert _doubled_capitals(Document(text)) == (word, letter)


@EXAMPLES
@given(st.lists(st.sampled_from(CAPITALS), min_size=1, max_size=12).map("".join))
def test_case_joins_are_found_next_to_capital_pairs(text: str) -> None:
    from newslint.checks.doubled import case_joins

    expected = [m.start() for m in re.finditer(rb"(?<=[a-z])[A-Z]", text.encode())]
    assert case_joins(Document(text)) == expected


def test_short_text_with_just_the_spaces_of_two_repeated_paragraphs_is_read() -> None:
    paragraph = "Delegates from both sides met again in Geneva this week for talks."  # 12 words
    assert paragraph.count(" ") == 11
    linter = Linter(Config(select=("DB005",)), entry_points=False)
    found = linter.lint(Document(f"{paragraph}\n{paragraph}")).findings
    assert [(f.code, f.start) for f in found] == [("DB005", len(paragraph) + 1)]
