"""The engine's own diagnostics (code prefix ``NL``), documented like any other rule.

They are produced by the engine, not by ``check``; registering them as rules makes them
listable, selectable and explainable like the rest.
"""

from __future__ import annotations

from typing import Iterable

from newslint.document import Document
from newslint.hookspecs import hookimpl
from newslint.model import Finding, Severity
from newslint.rule import Rule

__all__ = ["FixNotConverged", "RuleCrashed", "UnreadableInput", "UnusedSuppression"]


class _EngineRule(Rule, abstract=True):
    _abstract = True
    family = "engine"
    severity = Severity.ERROR

    def check(self, doc: Document) -> Iterable[Finding]:
        return ()


class UnreadableInput(_EngineRule):
    """An input file or record could not be read.

    ## What it does
    Reports a file that is not valid text in its encoding, a binary file, a JSONL line
    that is not a JSON object, or a record whose text field is missing or not a string.

    ## Why is this bad?
    Nothing in that input was checked. The rest of the run goes on; the exit code is 2.

    ## Example
    `data.jsonl:17: NL001 line is not valid JSON: Expecting ',' delimiter (column 41)`

    ## Fix
    None: fix the input, or pass `--encoding` / `--text-field`.
    """

    code = "NL001"
    name = "unreadable-input"


class RuleCrashed(_EngineRule):
    """A rule raised an exception on this document.

    ## What it does
    Turns an exception in one rule into one finding for that document; the other rules and
    documents still run.

    ## Why is this bad?
    The rule's checks did not happen for this document. Report it to the rule's plugin.

    ## Example
    `a.txt:1:1: NL002 rule EN001 (mojibake) crashed: ValueError: ...`

    ## Fix
    None.
    """

    code = "NL002"
    name = "rule-crashed"


class FixNotConverged(_EngineRule):
    """Fixes did not settle: applying them kept changing the text.

    ## What it does
    Reported when the fix loop hits its pass limit or comes back to a text it produced
    before; the document is then left exactly as it was.

    ## Why is this bad?
    Two rules undo each other's fixes. No partial result is written.

    ## Example
    `a.txt:1:1: NL003 fixes did not converge after 10 passes (rules: XX001, XX002)`

    ## Fix
    None.
    """

    code = "NL003"
    name = "fix-not-converged"


class UnusedSuppression(_EngineRule):
    """An inline ``newslint: disable`` directive that silenced nothing.

    ## What it does
    Flags suppression comments whose codes no longer match any finding. Off by default;
    enable it with `--extend-select NL004`.

    ## Why is this bad?
    Stale suppressions hide future problems on that line.

    ## Example
    `Clean line. <!-- newslint: disable-line BP001 -->`

    ## Fix
    Safe: removes the directive comment.
    """

    code = "NL004"
    name = "unused-suppression"
    severity = Severity.WARNING
    fixable = "safe"
    default_enabled = False


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [UnreadableInput, RuleCrashed, FixNotConverged, UnusedSuppression]
