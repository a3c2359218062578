"""The Python API: newslint.lint_text, newslint.fix_text, newslint.lint_records."""

from __future__ import annotations

import itertools
from pathlib import Path

import newslint
from conftest import CORE_FIXTURES
from newslint.config import Config


def test_lint_text_returns_located_findings() -> None:
    (f,) = newslint.lint_text("First.\nSecond. \n", select=["WS001"])
    assert isinstance(f, newslint.Finding)
    assert (f.code, f.rule, f.start, f.end, f.matched) == ("WS001", "trailing-whitespace", 14, 15, " ")
    assert (f.span.line, f.span.column, f.span.end_line, f.span.end_column) == (2, 8, 2, 9)
    assert f.fix is not None and f.fix.safety is newslint.Safety.SAFE
    assert newslint.lint_text("Clean.\n", select=["WS001"]) == []


def test_lint_text_ignore() -> None:
    assert newslint.lint_text("x \n", select=["WS"], ignore=["WS001"]) == []


def test_fix_text_safe_and_unsafe() -> None:
    config = Config(rule_packs=(str(CORE_FIXTURES / "house-pack.toml"),))
    text = "Kiev. \nFor $1, click here to subscribe.\nEnd.\n"
    safe = newslint.fix_text(text, select=["WS", "HS"], config=config)
    assert safe.text == "Kyiv.\nFor $1, click here to subscribe.\nEnd.\n"
    assert safe.applied == 2
    assert [f.code for f in safe.findings] == ["HS002"]
    unsafe = newslint.fix_text(text, unsafe=True, select=["WS", "HS"], config=config)
    assert unsafe.text == "Kyiv.\nEnd.\n" and unsafe.findings == []
    assert newslint.fix_text("Clean.\n", select=["WS001"]).text == "Clean.\n"


def test_lint_records_is_lazy_and_reports_bad_records() -> None:
    def records():
        yield {"id": "a", "text": "Fine."}
        yield {"id": 2, "text": "Tail. ", "title": "T"}
        yield {"id": "c", "body": "no text"}
        yield {"text": 42}
        for i in itertools.count():  # an endless stream: only what is consumed is read
            yield {"id": f"n{i}", "text": "more "}

    results = list(itertools.islice(newslint.lint_records(records(), select=["WS001"]), 6))
    assert [(r.source.record, r.source.id) for r in results] == [(1, "a"), (2, "2"), (3, "c"), (4, None),
                                                                  (5, "n0"), (6, "n1")]
    assert [[f.code for f in r.findings] for r in results] == [[], ["WS001"], ["NL001"], ["NL001"], ["WS001"], ["WS001"]]
    assert results[2].unreadable and "field 'text' is missing or not a string" in results[2].findings[0].message


def test_lint_records_fix_and_fields() -> None:
    records = [{"uid": 9, "body": "One. "}, {"uid": 10, "body": "Two."}]
    results = list(newslint.lint_records(records, text_field="body", id_field="uid", fix=True, select=["WS001"]))
    assert [r.fixed_text for r in results] == ["One.", None]
    assert [r.fixes_applied for r in results] == [1, 0]
    assert all(r.findings == [] for r in results)
    assert [r.source.id for r in newslint.lint_records(records, text_field="body", id_field=None)] == [None, None]


def test_the_api_uses_plugins_and_packs_given_in_config(tmp_path: Path) -> None:
    config = Config(rule_packs=(str(CORE_FIXTURES / "house-pack.toml"),), severity={"HS005": "error"})
    (f,) = newslint.lint_text("Odessa.", select=["HS005"], config=config)
    assert f.severity is newslint.Severity.ERROR and f.message == "spell it Odesa, not Odessa"


def test_findings_cross_process_boundaries_whole() -> None:
    """Findings pickle (``-j``, Dask, the results cache) and copy with every field, at every
    protocol; enum members come back as themselves, a fix's edits as they were checked."""
    import copy
    import dataclasses
    import pickle

    from newslint.model import Edit, Finding, Fix, Safety, Severity, Span

    fix = Fix.unsafe(Edit(3, 5, "z"), Edit(1, 2), title="join")
    finding = Finding("AB001", "a-b", "message", 1, 5, Severity.ERROR, fix, Span(1, 2, 1, 6), "the line",
                      (Span(1, 2, 1, 3), Span(1, 4, 1, 6)), "match", {"other": ["x", 1]})
    defaults = Finding("AB001", "a-b", "message", 1, 5)
    # every field differs from its default, so a field a copy leaves out cannot go unseen
    assert all(getattr(finding, f.name) != getattr(defaults, f.name) for f in dataclasses.fields(Finding)
               if f.name not in ("code", "rule", "message", "start", "end"))
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(finding, protocol))
        assert back == finding and back.severity is Severity.ERROR and back.fix.safety is Safety.UNSAFE
        assert back.fix.edits == (Edit(1, 2), Edit(3, 5, "z"))
    assert copy.copy(finding) == copy.deepcopy(finding) == finding
    assert pickle.loads(pickle.dumps(Severity.INFO)) is Severity.INFO and copy.copy(Safety.SAFE) is Safety.SAFE
