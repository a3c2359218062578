"""The punctuation rules' (PU) shortcuts give what the plain tests they replace give."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.document import Document

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PAIRS = (",,", ";;", "::", ",.", ",;", ";,", ":,", ",:", ";:", ":;")


@EXAMPLES
@given(st.lists(st.sampled_from([",", ";", ":", ".", "!", "?", "…", "a", " ", "é", "“", "\n"]),
                max_size=12).map("".join))
def test_mark_pair_gate_is_a_search_for_each_pair(text: str) -> None:
    from newslint.checks.punctuation import _mark_pair

    assert _mark_pair(Document(text)) == any(pair in text for pair in PAIRS)


def test_ellipses_alone_are_no_mark_pair() -> None:
    from newslint.checks.punctuation import _mark_pair

    assert not _mark_pair(Document("Wait... what?! Really?? Yes..."))
    assert _mark_pair(Document("Wait... what?! Really?? Yes,."))
