"""Fuzzing the whole engine: random and mutated real articles never crash a rule, and the
fixer's invariants hold (idempotent; no visible text changed outside a finding's span)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.document import Document
from newslint.engine import Linter
from newslint.model import Safety

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
ARTICLES = [p.read_text(encoding="utf-8") for p in SEEDS]
# characters and fragments that scrapers produce and that rules look for
FRAGMENTS = [
    "\u200b", "\u00ad", "\ufeff", "\x07", "\x85", "\xa0\xa0", "\ufffd", "â€™", "Ã©", "&amp;", "&nbsp;", "<br>",
    "[caption id=\"1\"]", "..", ",,", " ,", " .", "”", "“", "‘", "’", "\"", "(", ")", "[", "]", "\n\n\n\n",
    "  \n", "\t", "\r\n", "TThe ", "the the ", "Leave a Reply\n", "Advertisement\n", "KELEMEN: ",
    "MICHELE KELEMEN, BYLINE: ", "(LAUGHTER)\n", "U.S.is ", "govern- ment", "theGovernment", "•", "©",
    "Galant", "Gallant", "Sednaya", "Saydnaya", "👩\u200d💻", "ـ", "ß", "İ", "Ω", "\U0001F600",
]

LINTER = Linter(entry_points=False)
ALL_LINTER = Linter(LINTER.config.replace(select=("ALL",)), entry_points=False)


@st.composite
def mutated_article(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(ARTICLES))
    for _ in range(draw(st.integers(0, 12))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "random"]))
        if action == "insert":
            text = text[:pos] + draw(st.sampled_from(FRAGMENTS)) + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)):]
        elif action == "duplicate-line":
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            text = text[:end] + "\n" + text[start:end] + text[end:]
        else:
            text = text[:pos] + draw(st.text(max_size=30)) + text[pos:]
    return text


def check_invariants(linter: Linter, text: str, required: Safety) -> None:
    lint = linter.lint(Document(text))
    crashed = [f.message for f in lint.findings if f.code == "NL002"]
    assert not crashed, crashed
    first = linter.fix(Document(text), required)
    assert not [f for f in first.findings if f.code in ("NL002", "NL003")], [f.message for f in first.findings]
    fixed = first.fixed_text if first.fixed_text is not None else text
    second = linter.fix(Document(fixed), required)
    assert second.fixed_text is None, "fixing a fixed text changed it again"


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated_article(), st.sampled_from([Safety.SAFE, Safety.UNSAFE]))
def test_mutated_real_articles(text: str, required: Safety) -> None:
    check_invariants(LINTER, text, required)


@FUZZ
@given(st.text(max_size=400))
def test_random_text_with_every_rule(text: str) -> None:
    check_invariants(ALL_LINTER, text, Safety.UNSAFE)


@pytest.fixture
def hang_guard():
    """Fail instead of hanging if a rule backtracks catastrophically (not a speed assertion)."""
    def alarm(*_):
        raise TimeoutError("the linter did not finish: catastrophic backtracking or a quadratic loop")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name,text", [
    ("one-long-line", ("The talks resumed on Monday in Geneva, officials said. " * 40000)),
    ("many-tiny-lines", "a\n" * 200000),
    ("one-character-run", "a" * 500000),
    ("punctuation-run", ".,;:!?\"'()[]" * 20000),
    ("capitals-run", "TTHE " * 50000),
    ("blank-lines", "\n" * 200000),
    ("every-unicode-category", "".join(chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000) * 3),
])
def test_pathological_inputs_finish(name: str, text: str, hang_guard) -> None:
    result = ALL_LINTER.lint(Document(text))
    assert not [f for f in result.findings if f.code == "NL002"], name
