"""The engine: crashing rules, the fix loop (passes, overlaps, cycles), the fix contract,
severity overrides, vetoes, per-file ignores and rule options. Uses rules defined here."""

from __future__ import annotations

import functools
import re
from typing import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_linter
from newslint import Document, Edit, Finding, Fix, Rule, Safety, Severity, Source
from newslint.engine import MAX_FIX_PASSES
from newslint.errors import ConfigError
from newslint.hookspecs import hookimpl
from newslint.model import apply_edits, apply_fixes


def _replacer(code: str, name: str, old: str, new: str, safety: Safety = Safety.SAFE) -> type[Rule]:
    """A rule class that flags every ``old`` and replaces it with ``new``."""
    pattern = re.compile(re.escape(old))

    def check(self: Rule, doc: Document) -> Iterator[Finding]:
        for m in pattern.finditer(doc.text):
            fix = Fix((Edit(m.start(), m.end(), new),), safety, f"Use {new!r}")
            yield self.finding(m.start(), m.end(), f"{old!r} should be {new!r}", fix=fix)

    doc = f"Replace {old!r} with {new!r}.\n\n## What it does\nTest rule.\n"
    fixable = {Safety.SAFE: "safe", Safety.UNSAFE: "unsafe", Safety.DISPLAY_ONLY: "sometimes"}[safety]
    return type(name.title().replace("-", ""), (Rule,),
                {"code": code, "name": name, "fixable": fixable, "check": check, "__doc__": doc})


class Crasher(Rule):
    """Always crashes.

    ## What it does
    Raises after yielding one finding, to test crash isolation.
    """

    code = "TT900"
    name = "always-crashes"

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 1, "never reported")
        raise RuntimeError("kaboom")


class Grower(Rule):
    """Never satisfied: appends a mark every pass.

    ## What it does
    Proposes a safe fix on every text, so fixing never settles.
    """

    code = "TT901"
    name = "never-satisfied"
    fixable = "safe"

    def check(self, doc: Document) -> Iterator[Finding]:
        n = len(doc.text)
        yield self.finding(n, n, "want more", fix=Fix.safe(Edit.insert(n, "!")))


class OutsideEditor(Rule):
    """Fixes text outside its own finding.

    ## What it does
    Flags "bad" but its fix also rewrites the first word of the text.
    """

    code = "TT902"
    name = "edits-outside"
    fixable = "safe"

    def check(self, doc: Document) -> Iterator[Finding]:
        i = doc.text.find("bad")
        if i > 0:
            yield self.finding(i, i + 3, "bad", fix=Fix.safe(Edit(0, 3, "XXX"), Edit(i, i + 3, "good")))


class OutsideInserter(Rule):
    """Inserts text away from its own finding.

    ## What it does
    Flags "bad" and inserts a word at the start of the text.
    """

    code = "TT903"
    name = "inserts-outside"
    fixable = "safe"

    def check(self, doc: Document) -> Iterator[Finding]:
        i = doc.text.find("bad")
        if i > 0:
            yield self.finding(i, i + 3, "bad", fix=Fix.safe(Edit.insert(0, "Note: "), Edit(i, i + 3, "good")))


class SpaceEater(Rule):
    """Deletes the space before a comma; the span is the comma.

    ## What it does
    A fix that touches only whitespace outside its span is allowed.
    """

    code = "TT904"
    name = "space-before-comma"
    fixable = "safe"

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in re.finditer(r" +,", doc.text):
            yield self.finding(m.end() - 1, m.end(), "space before comma",
                               fix=Fix.safe(Edit.delete(m.start(), m.end() - 1)))


class UndeclaredFixer(Rule):
    """Returns a fix although it declares none.

    ## What it does
    Breaks the contract: ``fixable`` is None.
    """

    code = "TT905"
    name = "undeclared-fix"

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, 1, "x", fix=Fix.safe(Edit(0, 1, "y")))


class OutOfRange(Rule):
    """Reports a span past the end of the text.

    ## What it does
    Breaks the contract on spans.
    """

    code = "TT906"
    name = "span-out-of-range"

    def check(self, doc: Document) -> Iterator[Finding]:
        yield self.finding(0, len(doc.text) + 5, "too long")


class Configurable(Rule):
    """Flags a configurable word.

    ## What it does
    Reads its options.
    """

    code = "TT907"
    name = "configurable-word"
    options = {"word": "spam", "min-count": 1, "enabled-langs": ["en"]}

    def check(self, doc: Document) -> Iterator[Finding]:
        hits = [m for m in re.finditer(re.escape(self.config["word"]), doc.text)]
        if len(hits) >= self.config["min-count"]:
            for m in hits:
                yield self.finding(m.start(), m.end(), f"found {m[0]!r}")


Colour = _replacer("TT001", "colour-to-color", "colour", "color")
Color = _replacer("TT002", "color-to-colour", "color", "colour")
QuickBrown = _replacer("TT003", "quick-brown", "quick brown", "slow brown")
BrownFox = _replacer("TT004", "brown-fox", "brown fox", "red fox")
SameEdit = _replacer("TT005", "colour-to-color-again", "colour", "color")
UnsafeSwap = _replacer("TT006", "unsafe-swap", "grey", "gray", Safety.UNSAFE)
ShowOnly = _replacer("TT007", "display-only-swap", "theatre", "theater", Safety.DISPLAY_ONLY)


# --------------------------------------------------------------------------- crashes
def test_a_crashing_rule_becomes_one_nl002_and_other_rules_go_on() -> None:
    linter = make_linter(Crasher, Colour)
    result = linter.lint(Document("The colour was off.\n", Source("a.txt")))
    codes = [f.code for f in result.findings]
    assert codes.count("NL002") == 1
    assert "TT001" in codes
    assert "TT900" not in codes, "findings of a crashed rule are dropped, not half-reported"
    crash = next(f for f in result.findings if f.code == "NL002")
    assert "TT900" in crash.message and "RuntimeError: kaboom" in crash.message
    assert crash.severity is Severity.ERROR
    assert (crash.span.line, crash.span.column) == (1, 1)


def test_a_crashing_rule_does_not_stop_other_documents() -> None:
    linter = make_linter(Crasher, Colour)
    for text in ("colour one", "colour two"):
        result = linter.lint(Document(text))
        assert sorted(f.code for f in result.findings) == ["NL002", "TT001"]


def test_fixing_with_a_crashing_rule_still_applies_the_other_fixes() -> None:
    linter = make_linter(Crasher, Colour)
    result = linter.fix(Document("colour"))
    assert result.fixed_text == "color"
    assert [f.code for f in result.findings] == ["NL002"]


# --------------------------------------------------------------------------- fix loop
def test_overlapping_fixes_are_applied_across_passes() -> None:
    linter = make_linter(QuickBrown, BrownFox)
    text = "The quick brown fox jumped."
    first = linter.lint(Document(text)).findings
    assert [f.code for f in first] == ["TT003", "TT004"]
    assert first[0].end > first[1].start, "the two fixes overlap"
    result = linter.fix(Document(text))
    assert result.fixed_text == "The slow red fox jumped."
    assert result.fixes_applied == 2
    assert result.findings == []


def test_identical_edits_from_two_rules_apply_once() -> None:
    linter = make_linter(Colour, SameEdit)
    result = linter.fix(Document("colour and colour"))
    assert result.fixed_text == "color and color"


def test_fixes_that_cycle_give_nl003_and_leave_the_text_unchanged() -> None:
    linter = make_linter(Colour, Color)
    text = "The colour of money.\n"
    result = linter.fix(Document(text))
    assert result.fixed_text is None
    nl3 = [f for f in result.findings if f.code == "NL003"]
    assert len(nl3) == 1
    assert "TT001" in nl3[0].message or "TT002" in nl3[0].message
    assert nl3[0].severity is Severity.ERROR
    assert "TT001" in [f.code for f in result.findings], "the original findings are reported"
    fixed = linter.fix_text(text)
    assert fixed.text == text and fixed.applied == 0


def test_fixes_that_never_settle_stop_after_the_pass_limit() -> None:
    linter = make_linter(Grower)
    result = linter.fix(Document("more"))
    assert result.fixed_text is None
    assert [f.code for f in result.findings][0] == "NL003"
    assert str(MAX_FIX_PASSES) in result.findings[0].message


def test_fixing_is_idempotent() -> None:
    linter = make_linter(QuickBrown, BrownFox, Colour)
    once = linter.fix_text("A quick brown fox of colour.\n")
    twice = linter.fix_text(once.text)
    assert once.text == "A slow red fox of color.\n"
    assert twice.text == once.text and twice.applied == 0


def test_fix_safety_levels() -> None:
    linter = make_linter(UnsafeSwap, ShowOnly)
    text = "A grey theatre."
    assert linter.fix_text(text).text == text
    assert linter.fix_text(text, Safety.UNSAFE).text == "A gray theatre."
    assert {f.code for f in linter.fix_text(text, Safety.UNSAFE).findings} == {"TT007"}


# --------------------------------------------------------------------------- fix contract
@pytest.mark.parametrize("rule", [OutsideEditor, OutsideInserter])
def test_a_fix_editing_outside_its_finding_is_rejected(rule: type[Rule]) -> None:
    linter = make_linter(rule)
    text = "One bad word."
    result = linter.lint(Document(text))
    assert [f.code for f in result.findings] == ["NL002"]
    assert "outside" in result.findings[0].message
    assert linter.fix_text(text).text == text


def test_a_fix_may_change_whitespace_next_to_its_span() -> None:
    linter = make_linter(SpaceEater)
    assert linter.fix_text("Yes , no").text == "Yes, no"


@pytest.mark.parametrize("rule", [UndeclaredFixer, OutOfRange])
def test_contract_breaches_become_nl002(rule: type[Rule]) -> None:
    result = make_linter(rule).lint(Document("abc"))
    assert [f.code for f in result.findings] == ["NL002"]


# --------------------------------------------------------------------------- positions
def test_positions_are_one_based_code_points_end_exclusive() -> None:
    linter = make_linter(select=["WS001"])
    text = "first\n😀 é \t\nlast"
    (f,) = linter.lint(Document(text)).findings
    assert (f.start, f.end) == (9, 11)
    assert (f.span.line, f.span.column, f.span.end_line, f.span.end_column) == (2, 4, 2, 6)
    assert f.source_line == "😀 é \t"
    assert f.matched == " \t"
    assert f.edit_spans[0] == f.span


# --------------------------------------------------------------------------- config in the engine
def test_severity_overrides_code_beats_prefix() -> None:
    linter = make_linter(Colour, Color, severity={"TT": "error", "TT002": "info"})
    found = {f.code: f.severity for f in linter.lint(Document("colour color")).findings}
    assert found == {"TT001": Severity.ERROR, "TT002": Severity.INFO}


def test_per_file_ignores_match_names_and_folders() -> None:
    linter = make_linter(Colour, Color, per_file_ignores={"drafts/*": ("TT001",), "*.md": ("TT",)})
    def codes(path: str) -> list[str]:
        return sorted(f.code for f in linter.lint(Document("colour color", Source(path))).findings)
    assert codes("news/a.txt") == ["TT001", "TT002"]
    assert codes("drafts/a.txt") == ["TT002"]
    assert codes("archive/drafts/a.txt") == ["TT002"]
    assert codes("news/a.md") == []


def test_rule_options_reach_the_rule() -> None:
    linter = make_linter(Configurable, rule_options={"TT907": {"word": "eggs", "min-count": 2}})
    assert len(linter.lint(Document("eggs and eggs")).findings) == 2
    assert linter.lint(Document("eggs and spam")).findings == []


def test_rule_options_are_found_by_rule_name_too() -> None:
    linter = make_linter(Configurable, rule_options={"configurable-word": {"word": "ham"}})
    assert len(linter.lint(Document("ham")).findings) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"TT907": {"wrod": "x"}}, "has no option 'wrod' (did you mean 'word'?)"),
        ({"TT907": {"min-count": "2"}}, "option 'min-count' must be int"),
        ({"TT907": {"enabled-langs": "en"}}, "option 'enabled-langs' must be list"),
        ({"TT999": {"word": "x"}}, "unknown rule 'TT999'"),
    ],
)
def test_bad_rule_options_are_config_errors(options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        make_linter(Configurable, rule_options=options)


def test_selecting_an_unknown_code_is_a_config_error_with_a_suggestion() -> None:
    with pytest.raises(ConfigError, match=r"unknown rule selector 'TT0011' \(did you mean 'TT001'\?\)"):
        make_linter(Colour, select=["TT0011"])


def test_a_veto_plugin_drops_findings() -> None:
    class KeepsColourInQuotes:
        @hookimpl
        def newslint_veto_finding(self, finding: Finding, document: Document) -> bool | None:
            return document.text[finding.start - 1 : finding.start] == '"' or None

    from newslint.config import Config
    from newslint.engine import Linter
    from newslint.plugins import load_registry
    from newslint.rule import RuleSet

    registry = load_registry(entry_points=False)
    registry.rules = RuleSet.from_classes([*registry.rules.rules.values(), Colour])
    registry.pm.register(KeepsColourInQuotes())
    linter = Linter(Config(select=("TT001",)), registry)
    findings = linter.lint(Document('The "colour" of colour.')).findings
    assert [f.start for f in findings] == [16]


# --------------------------------------------------------------------------- model
def test_apply_fixes_skips_overlaps_for_the_next_pass() -> None:
    a = Fix.safe(Edit(0, 5, "A"))
    b = Fix.safe(Edit(3, 8, "B"))
    c = Fix.safe(Edit(9, 10, "C"))
    text, applied = apply_fixes("0123456789", [b, c, a])
    assert text == "A5678C"
    assert applied == [a, c]


def test_edits_and_fixes_reject_bad_spans() -> None:
    with pytest.raises(ValueError):
        Edit(5, 2)
    with pytest.raises(ValueError):
        Fix.safe(Edit(0, 4), Edit(2, 6))
    with pytest.raises(ValueError):
        Fix.safe()
    assert apply_edits("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "")]) == "bcdEf"


def test_severity_overrides_apply_to_unused_suppression_findings() -> None:
    linter = make_linter(Colour, select=["TT001", "NL004"], severity={"NL004": "error"})
    (f,) = linter.lint(Document("Fine. <!-- newslint: disable-line TT001 -->")).findings
    assert (f.code, f.severity) == ("NL004", Severity.ERROR)


def test_a_baselined_finding_stays_hidden_when_fixes_do_not_converge(tmp_path) -> None:
    from newslint.baseline import write_baseline

    text = "The colour. \n"
    baseline = tmp_path / "base.json"
    write_baseline(baseline, [make_linter(select=["WS001"]).lint(Document(text))])
    linter = make_linter(Colour, Color, select=["TT001", "TT002", "WS001"], baseline=str(baseline))
    result = linter.fix(Document(text))
    assert result.fixed_text is None
    assert sorted(f.code for f in result.findings) == ["NL003", "TT001"], "WS001 is in the baseline"


def test_per_file_ignores_are_relative_to_the_config_folder(tmp_path, monkeypatch) -> None:
    config = tmp_path / "newslint.toml"
    config.write_text("")
    (tmp_path / "news").mkdir()
    monkeypatch.chdir(tmp_path / "news")  # a path given as "a.txt" from inside news/
    linter = make_linter(Colour, per_file_ignores={"news/*.txt": ("TT001",)}, path=str(config))
    assert linter.lint(Document("colour", Source("a.txt"))).findings == []
    assert len(linter.lint(Document("colour", Source("../a.txt"))).findings) == 1


# --------------------------------------------------------------------------- properties
TEXTS = st.text(alphabet=st.sampled_from("ab \t\n\r\u00a0\u2028😀é東"), max_size=60)


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.data())
def test_positions_map_back_to_offsets(text: str, data: st.DataObject) -> None:
    doc = Document(text)
    offset = data.draw(st.integers(0, len(text)))
    line, column = doc.position(offset)
    assert doc.line_starts[line - 1] + column - 1 == offset
    assert doc.line_at(offset).number == line
    assert "\n" not in text[doc.line_starts[line - 1] : offset]
    assert "".join(x.text + "\n" for x in doc.lines)[:-1] == text


@functools.lru_cache(maxsize=1)
def _ws_linter():
    return make_linter(select=["WS001"])


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_whitespace_fixes_keep_every_visible_character_and_settle(text: str) -> None:
    linter = _ws_linter()
    fixed = linter.fix_text(text)
    assert [c for c in fixed.text if not c.isspace()] == [c for c in text if not c.isspace()]
    assert fixed.findings == []
    assert linter.fix_text(fixed.text).text == fixed.text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="abcdef", min_size=1, max_size=30), st.data())
def test_apply_edits_equals_applying_them_one_by_one_from_the_end(text: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    pairs = list(zip(cuts[::2], cuts[1::2]))
    edits = [Edit(a, b, data.draw(st.text(alphabet="XY", max_size=3))) for a, b in pairs]
    if any(b.start <= a.end for a, b in zip(edits, edits[1:])):
        return  # touching edits are applied in a later pass; see test_apply_fixes_skips_overlaps...
    expected = text
    for e in reversed(edits):
        expected = expected[: e.start] + e.content + expected[e.end :]
    assert apply_edits(text, edits) == expected
    fixes = [Fix.safe(e) for e in edits]
    assert apply_fixes(text, list(reversed(fixes))) == (expected, fixes)
