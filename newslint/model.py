"""Findings, fixes and edits: the data every rule returns and the engine applies.

Spans are half-open ``[start, end)`` offsets into ``Document.text`` in code points.
Line and column numbers are computed only for display, by the engine.

>>> apply_edits("the the cat", [Edit(0, 4, "")])
'the cat'
"""

from __future__ import annotations

import enum
from operator import attrgetter
from dataclasses import dataclass, field
from typing import Any, Iterable

__all__ = ["Edit", "Finding", "Fix", "Safety", "Severity", "Span", "apply_edits", "apply_fixes"]


# Findings cross process boundaries by the thousand (``-j``, Dask, the results cache). A
# slotted dataclass pickles through Python-level state methods and an enum member through a
# call of its class by value; a constructor call with the slots' values, and a member looked
# up by name, cost a third of that.


def _by_name(member: enum.Enum, protocol: object) -> tuple[object, tuple[object, ...]]:
    """An enum member pickled as ``getattr(Severity, "WARNING")``."""
    return getattr, (type(member), member._name_)


class Severity(str, enum.Enum):
    """How bad a finding is (Vale's three levels)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    __reduce_ex__ = _by_name


class Safety(enum.IntEnum):
    """How safely a fix may be applied (ruff's applicability), ordered."""

    DISPLAY_ONLY = 0  #: shown as a suggestion, never applied
    UNSAFE = 1  #: applied only with ``--unsafe-fixes``
    SAFE = 2  #: applied by ``newslint fix``

    @property
    def label(self) -> str:
        return {0: "display-only", 1: "unsafe", 2: "safe"}[int(self)]

    __reduce_ex__ = _by_name


# Edit, Fix and Span are frozen, so a generated __init__ would set each field through
# object.__setattr__ (a type lookup and an argument tuple per field, ~1.8k instructions);
# the __init__s below set the slots through their own descriptors (see _slot_setters),
# and every finding pays for a fix, an edit and two spans.


def _slot_setters(cls: type, *names: str) -> tuple[Any, ...]:
    """The ``__set__`` of each named slot of a frozen slotted dataclass."""
    return tuple(cls.__dict__[name].__set__ for name in names)


@dataclass(frozen=True, slots=True, order=True, init=False)
class Edit:
    """Replace ``text[start:end]`` with ``content`` (an empty content deletes)."""

    start: int
    end: int
    content: str = ""

    def __init__(self, start: int, end: int, content: str = "") -> None:
        if not 0 <= start <= end:
            raise ValueError(f"bad edit span [{start}, {end})")
        _edit_start(self, start)
        _edit_end(self, end)
        _edit_content(self, content)

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        return cls(start, end, "")

    @classmethod
    def insert(cls, at: int, content: str) -> Edit:
        return cls(at, at, content)


@dataclass(frozen=True, slots=True, init=False)
class Fix:
    """One or more edits that repair a finding, applied together or not at all."""

    edits: tuple[Edit, ...]
    safety: Safety
    title: str = ""

    def __init__(self, edits: tuple[Edit, ...], safety: Safety, title: str = "") -> None:
        if not edits:
            raise ValueError("a fix needs at least one edit")
        if edits.__class__ is not tuple or len(edits) > 1:  # one edit: sorted already
            edits = tuple(sorted(edits))
            for a, b in zip(edits, edits[1:]):
                if b.start < a.end:
                    raise ValueError("edits of one fix overlap")
        _fix_edits(self, edits)
        _fix_safety(self, safety)
        _fix_title(self, title)

    @classmethod
    def safe(cls, *edits: Edit, title: str = "") -> Fix:
        return cls(tuple(edits), Safety.SAFE, title)

    @classmethod
    def unsafe(cls, *edits: Edit, title: str = "") -> Fix:
        return cls(tuple(edits), Safety.UNSAFE, title)

    @classmethod
    def display_only(cls, *edits: Edit, title: str = "") -> Fix:
        return cls(tuple(edits), Safety.DISPLAY_ONLY, title)

    @property
    def start(self) -> int:
        return self.edits[0].start

    @property
    def end(self) -> int:
        return self.edits[-1].end

    def applies(self, required: Safety) -> bool:
        return self.safety >= required and self.safety > Safety.DISPLAY_ONLY


@dataclass(frozen=True, slots=True, init=False)
class Span:
    """A display position: 1-based lines and columns (code points), end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(self, line: int, column: int, end_line: int, end_column: int) -> None:
        _span_line(self, line)
        _span_column(self, column)
        _span_end_line(self, end_line)
        _span_end_column(self, end_column)


_edit_start, _edit_end, _edit_content = _slot_setters(Edit, "start", "end", "content")
_fix_edits, _fix_safety, _fix_title = _slot_setters(Fix, "edits", "safety", "title")
_span_line, _span_column, _span_end_line, _span_end_column = _slot_setters(
    Span, "line", "column", "end_line", "end_column")


@dataclass(slots=True)
class Finding:
    """One problem a rule found in one document.

    Rules set ``code``/``rule`` through :meth:`newslint.rule.Rule.finding`; the engine fills
    ``severity`` from config, and ``span``/``source_line``/``edit_spans`` for reporting.
    """

    code: str
    rule: str
    message: str
    start: int
    end: int
    severity: Severity = Severity.WARNING
    fix: Fix | None = None
    span: Span | None = None
    #: the text of the finding's first line, for the ``full`` output format
    source_line: str = ""
    #: display spans of the fix's edits, aligned with ``fix.edits``
    edit_spans: tuple[Span, ...] = ()
    #: the matched text (``text[start:end]``), used by baselines
    matched: str = ""
    #: extra data a rule wants in machine output (e.g. the other spelling of a name)
    data: dict = field(default_factory=dict)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)


def _pickled_by_constructor(*classes: type) -> None:
    """Each class pickles as a call of itself with its slots' values (its __init__ takes its
    fields in slot order)."""
    for cls in classes:
        fields = attrgetter(*cls.__slots__)  # type: ignore[attr-defined]
        cls.__reduce__ = lambda self, cls=cls, fields=fields: (cls, fields(self))  # type: ignore[method-assign]


_pickled_by_constructor(Edit, Fix, Span, Finding)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text`` in one pass."""
    out: list[str] = []
    last = 0
    for e in sorted(edits):
        if e.start < last:
            raise ValueError("overlapping edits")
        out.append(text[last : e.start])
        out.append(e.content)
        last = e.end
    out.append(text[last:])
    return "".join(out)


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """Apply non-overlapping fixes in start order; skip fixes that overlap an applied one.

    Two rules proposing the identical edit apply it once. Skipped fixes are picked up by
    the engine's next pass, after re-linting the changed text.
    """
    applied: list[Fix] = []
    chosen: list[Edit] = []
    done: set[Edit] = set()
    last = -1
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        new = [e for e in fix.edits if e not in done]
        if not new:
            continue
        if new[0].start <= last:  # overlaps or touches an applied fix: next pass
            continue
        chosen.extend(new)
        done.update(new)
        last = new[-1].end
        applied.append(fix)
    return apply_edits(text, chosen), applied
