"""The rule base class, rule documentation, and rule selection by code, prefix or name."""

from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable, Iterator, Mapping

from newslint.document import Document, Source
from newslint.errors import ConfigError, PluginError
from newslint.model import Finding, Fix, Severity

__all__ = ["CorpusRule", "Rule", "RuleSet", "did_you_mean"]

CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
#: documentation headings every rule carries (ruff's rule pages)
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Fix")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Rule:
    """Base class of every rule, built-in or third-party.

    Subclasses set ``code`` (family prefix + 3 digits), ``name`` (kebab-case, naming the
    artefact), and a docstring whose first line is the summary and whose ``## What it
    does / ## Why is this bad? / ## Example / ## Fix`` sections are the documentation that
    ``newslint rule CODE`` prints. ``options`` holds defaults for ``rule-options`` config;
    values given in config are type-checked against them.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    #: None, "safe", "unsafe" or "sometimes" (safety decided per finding)
    fixable: ClassVar[str | None] = None
    #: rules off by default are enabled only by an explicit --select/--extend-select
    default_enabled: ClassVar[bool] = True
    options: ClassVar[Mapping[str, Any]] = {}
    #: set by the plugin manager: the plugin that contributed the rule
    origin: ClassVar[str] = ""
    #: set by the engine: every rule instance of the run by code (a family's rules may
    #: read each other's options, e.g. declared house spellings)
    peers: dict[str, Rule]

    def __init_subclass__(cls, abstract: bool = False, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if abstract or inspect.isabstract(cls) or cls.__dict__.get("_abstract"):
            return
        code = cls.__dict__.get("code")
        name = cls.__dict__.get("name")
        if code is None or name is None:
            return  # configured at instantiation (declarative pack rules)
        cls.validate_identity(code, name, cls.__doc__)

    @staticmethod
    def validate_identity(code: str, name: str, doc: str | None) -> None:
        if not CODE_RE.match(code):
            raise PluginError(f"rule code {code!r} must be 1-4 capitals and 3 digits, e.g. 'BP001'")
        if not NAME_RE.match(name):
            raise PluginError(f"rule {code}: name {name!r} must be kebab-case")
        if not doc or not doc.strip():
            raise PluginError(f"rule {code} ({name}) has no documentation")

    def __init__(
        self,
        options: Mapping[str, Any] | None = None,
        lexicons: Mapping[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        #: the ``[[lexicon]]`` data of every loaded rule pack, by lexicon name
        self.lexicons = lexicons or {}
        self.peers = {}
        merged = dict(self.options)
        for key, value in (options or {}).items():
            if key not in merged:
                raise ConfigError(
                    f"rule {self.code} ({self.name}) has no option {key!r}"
                    + did_you_mean(key, merged)
                    + (f"; its options are: {', '.join(sorted(merged))}" if merged else "")
                )
            default = merged[key]
            if default is not None and not _same_type(default, value):
                raise ConfigError(
                    f"rule {self.code} option {key!r} must be {type(default).__name__}, "
                    f"got {value!r}"
                )
            merged[key] = value
        self.config = merged
        self.setup()

    def setup(self) -> None:
        """Hook for subclasses: prepare matchers from ``self.config``."""

    # -- checking ---------------------------------------------------------------
    def check(self, doc: Document) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        data: dict | None = None,
    ) -> Finding:
        return Finding(self.code, self.name, message, start, end, self.severity, fix, data=data or {})

    # -- documentation ----------------------------------------------------------
    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0].strip() if cls.__doc__ else ""

    @classmethod
    def documentation(cls) -> str:
        return textwrap.dedent((cls.__doc__ or "").split("\n", 1)[1] if "\n" in (cls.__doc__ or "") else "").strip()

    @classmethod
    def fix_label(cls) -> str:
        return {None: "none", "safe": "safe", "unsafe": "unsafe", "sometimes": "safe/unsafe"}.get(
            cls.fixable, str(cls.fixable)
        )

    def describe(self) -> str:
        """The page ``newslint rule CODE`` prints."""
        head = f"# {self.name} ({self.code})"
        meta = [
            f"Family: {self.family or '-'}",
            f"Default severity: {self.severity.value}",
            f"Fix: {self.fix_label()}",
            f"Enabled by default: {'yes' if self.default_enabled else 'no (select it explicitly)'}",
            f"From: {self.origin or '-'}",
        ]
        if self.config:
            meta.append("Options: " + ", ".join(f"{k} = {v!r}" for k, v in sorted(self.config.items())))
        return "\n".join([head, "", self.summary(), "", *meta, "", self.documentation()]).rstrip() + "\n"


class CorpusRule(Rule, abstract=True):
    """A rule that also sees every document of a run (e.g. spellings across a batch).

    ``collect`` runs next to ``check`` on each document (also in worker processes) and
    returns a small picklable summary; ``check_corpus`` runs once at the end over all
    summaries and yields ``(source_key, finding)`` pairs with ``span`` already set.
    """

    _abstract = True

    def collect(self, doc: Document) -> Any:
        raise NotImplementedError

    def check_corpus(self, items: list[tuple[Source, Any]]) -> Iterator[tuple[str, Finding]]:
        raise NotImplementedError


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)) and not isinstance(value, bool):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


@dataclass
class RuleSet:
    """Every known rule class, keyed by code, with selection by code, prefix, name or family."""

    rules: dict[str, type[Rule]]

    @classmethod
    def from_classes(cls, classes: Iterable[type[Rule]]) -> RuleSet:
        by_code: dict[str, type[Rule]] = {}
        names: dict[str, str] = {}
        for rule in classes:
            if rule.code in by_code and by_code[rule.code] is not rule:
                raise PluginError(
                    f"rule code {rule.code} is defined twice "
                    f"({by_code[rule.code].origin or '?'} and {rule.origin or '?'})"
                )
            if rule.name in names and names[rule.name] != rule.code:
                raise PluginError(f"rule name {rule.name!r} is used by {names[rule.name]} and {rule.code}")
            by_code[rule.code] = rule
            names[rule.name] = rule.code
        return cls(dict(sorted(by_code.items())))

    def lookup(self, code_or_name: str) -> type[Rule] | None:
        key = code_or_name.strip()
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        for rule in self.rules.values():
            if rule.name == key.lower():
                return rule
        return None

    def resolve(self, selector: str) -> set[str]:
        """Codes a selector names: ALL, a code, a code prefix, a rule name or a family."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return set(self.rules)
        up = sel.upper()
        codes = {c for c in self.rules if c.startswith(up)} if re.fullmatch(r"[A-Z]+[0-9]*", up) else set()
        if not codes:
            codes = {c for c, r in self.rules.items() if r.name == sel.lower() or r.family == sel.lower()}
        if not codes:
            choices = list(self.rules) + [r.name for r in self.rules.values()]
            raise ConfigError(f"unknown rule selector {selector!r}" + did_you_mean(sel, choices))
        return codes

    def select(
        self,
        select: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> list[str]:
        """The enabled codes, ruff-style: ``select`` replaces the default set."""
        if select is None:
            enabled = {c for c, r in self.rules.items() if r.default_enabled}
        else:
            enabled = set()
            for s in select:
                enabled |= self._explicit(s)
        for s in extend_select:
            enabled |= self._explicit(s)
        for s in ignore:
            enabled -= self.resolve(s)
        return sorted(enabled)

    def _explicit(self, selector: str) -> set[str]:
        # ALL and prefixes do not switch on rules that are off by default; naming one does
        codes = self.resolve(selector)
        if len(codes) == 1:
            return codes
        return {c for c in codes if self.rules[c].default_enabled}
