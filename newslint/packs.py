"""Declarative TOML rule packs (Vale's idea, without Python), and the lexicons rules read.

A pack is one TOML file::

    [pack]
    name = "house-style"
    description = "Our spellings."

    [[rule]]                      # a rule of a declarative kind
    code = "HS001"
    name = "banned-phrase"
    kind = "existence"            # existence | substitution | consistency (plugins add kinds)
    phrases = ["click here"]
    ...

    [[lexicon]]                   # data a Python rule reads (UI words, transcript labels)
    name = "ui-chrome"
    lang = "it"
    phrases = ["Stampare", "Commento"]

Every phrase of every pack is compiled into one :class:`PhraseIndex`: a dictionary for
whole-line phrases and one Aho-Corasick automaton for phrases inside lines, so a document
is scanned once whatever the number of packs. Regex ``patterns`` run with a timeout.
"""

from __future__ import annotations

import re as _re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Iterable, Iterator

from newslint.document import Document, Line
from newslint.errors import PackError
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix, Safety, Severity
from newslint.rule import NAME_RE, CODE_RE, Rule, did_you_mean
from newslint.text import edges, line_key, lower_same_length, word_bounded

__all__ = ["Lexicons", "PackRule", "PhraseIndex", "builtin_pack_dir", "load_packs", "pack_files"]

#: seconds a user pattern may run on one document before it is abandoned
PATTERN_TIMEOUT = 1.0
Lexicons = dict[str, list[dict[str, Any]]]
_FIXABLE = {"safe": "safe", "unsafe": "unsafe", "safe-at-edges": "sometimes"}


def builtin_pack_dir() -> Path:
    """The shipped ``rules/`` folder: inside the wheel, or beside the package in a checkout."""
    installed = Path(__file__).resolve().parent / "_packs"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "rules"


# --------------------------------------------------------------------------- matcher
@dataclass
class _Entry:
    rule: str  # rule code
    phrase: str
    payload: Any = None
    ignorecase: bool = True


class PhraseIndex:
    """One matcher for every phrase of every pack rule."""

    def __init__(self) -> None:
        self.line_phrases: dict[str, list[_Entry]] = {}
        self.inline: list[_Entry] = []
        self._automaton: Any = None

    def add_line(self, entry: _Entry) -> None:
        self.line_phrases.setdefault(line_key(entry.phrase), []).append(entry)

    def add_inline(self, entry: _Entry) -> None:
        self.inline.append(entry)
        self._automaton = None

    def _build(self) -> Any:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        grouped: dict[str, list[_Entry]] = {}
        for entry in self.inline:
            grouped.setdefault(lower_same_length(entry.phrase), []).append(entry)
        for key, entries in grouped.items():
            automaton.add_word(key, (len(key), entries))
        if len(automaton):
            automaton.make_automaton()
        return automaton

    def scan(self, doc: Document) -> dict[str, list[tuple[int, int, _Entry]]]:
        """Hits per rule code: (start, end, entry). Cached on the document."""
        cache_key = f"pack-hits:{id(self)}"
        if cache_key in doc.cache:
            return doc.cache[cache_key]
        hits: dict[str, list[tuple[int, int, _Entry]]] = {}
        if self.line_phrases:
            for line in doc.paragraphs:
                if len(line.text) > 300:
                    continue
                for entry in self.line_phrases.get(line_key(line.text), ()):
                    start = line.start + len(line.text) - len(line.text.lstrip())
                    end = line.start + len(line.text.rstrip())
                    hits.setdefault(entry.rule, []).append((start, end, entry))
        if self.inline:
            if self._automaton is None:
                self._automaton = self._build()
            if len(self._automaton):
                text = doc.text
                low = lower_same_length(text)
                for end_idx, (length, entries) in self._automaton.iter(low):
                    start, end = end_idx - length + 1, end_idx + 1
                    if not word_bounded(text, start, end):
                        continue
                    for entry in entries:
                        if not entry.ignorecase and text[start:end] != entry.phrase:
                            continue
                        hits.setdefault(entry.rule, []).append((start, end, entry))
        doc.cache[cache_key] = hits
        return hits


# --------------------------------------------------------------------------- kinds
_COMMON_KEYS = {
    "code": str, "name": str, "kind": str, "severity": str, "message": str, "summary": str,
    "why": str, "example": str, "use-instead": str, "fix": str, "safety": str,
    "enabled": bool, "ignorecase": bool, "scope": str, "position": str,
}


class PackRule(Rule, abstract=True):
    """A rule defined by a ``[[rule]]`` table of a TOML pack.

    Subclasses implement one kind; ``load_packs`` makes one class per pack rule, so pack
    rules are selected, documented and reported exactly like Python rules.
    """

    _abstract = True
    kind: ClassVar[str] = ""
    #: substitution and consistency rules always carry a fix; existence only with ``fix``
    always_fixes: ClassVar[bool] = True
    #: extra keys this kind accepts, with their types
    keys: ClassVar[dict[str, type]] = {}
    spec: ClassVar[dict[str, Any]] = {}
    index: ClassVar[PhraseIndex]
    pack_path: ClassVar[str] = ""

    @classmethod
    def validate(cls, spec: dict[str, Any], fail: Any) -> None:
        """Check kind-specific keys; call ``fail(key, message)`` on an error."""

    @classmethod
    def register(cls, spec: dict[str, Any], index: PhraseIndex, fail: Any) -> None:
        """Add this rule's phrases to the shared index."""

    @classmethod
    def documentation(cls) -> str:
        s = cls.spec
        parts = ["## What it does", s.get("summary", s["message"]), "", "## Why is this bad?", s.get("why", "-")]
        if "example" in s:
            parts += ["", "## Example", s["example"]]
            if "use-instead" in s:
                parts += ["", "Use instead:", s["use-instead"]]
        parts += ["", "## Fix", _fix_doc(s), "", f"Defined in rule pack {cls.pack_path}."]
        return "\n".join(parts)

    @classmethod
    def summary(cls) -> str:
        return cls.spec.get("summary", cls.spec["message"].replace("{match}", "…"))

    def _safety(self, doc: Document, start: int) -> Safety:
        safety = self.spec.get("safety", "unsafe")
        if safety == "safe-at-edges":
            return Safety.SAFE if doc.line_at(start).number in edges(doc) else Safety.UNSAFE
        return Safety.SAFE if safety == "safe" else Safety.UNSAFE

    def _position_ok(self, doc: Document, start: int) -> bool:
        position = self.spec.get("position", "anywhere")
        if position == "anywhere":
            return True
        return doc.line_at(start).number in edges(doc, which=position)

    def _hits(self, doc: Document) -> list[tuple[int, int, Any]]:
        return self.index.scan(doc).get(self.code, [])

    def _message(self, match: str, **extra: str) -> str:
        try:
            return self.spec["message"].format(match=match, **extra)
        except (KeyError, IndexError):
            return self.spec["message"]


def _fix_doc(spec: dict[str, Any]) -> str:
    fix = spec.get("fix")
    if not fix:
        return "None: the finding is reported only."
    safety = spec.get("safety", "unsafe")
    how = {"delete-line": "Deletes the line.", "delete-match": "Deletes the matched text.",
           "replace": "Replaces the match with the preferred form."}[fix]
    when = {"safe": "Safe.", "unsafe": "Unsafe: applied only with --unsafe-fixes.",
            "safe-at-edges": "Safe in the article's head or tail block, unsafe elsewhere."}[safety]
    return f"{how} {when}"


class Existence(PackRule, abstract=True):
    """Flags phrases (or regex patterns) that should not be in an article."""

    _abstract = True
    kind = "existence"
    always_fixes = False
    keys = {"phrases": list, "patterns": list}

    @classmethod
    def validate(cls, spec: dict[str, Any], fail: Any) -> None:
        if not spec.get("phrases") and not spec.get("patterns"):
            fail("phrases", "an existence rule needs phrases or patterns")
        if spec.get("fix") not in (None, "delete-line", "delete-match"):
            fail("fix", "an existence rule fixes with 'delete-line' or 'delete-match'")

    @classmethod
    def register(cls, spec: dict[str, Any], index: PhraseIndex, fail: Any) -> None:
        for i, phrase in enumerate(spec.get("phrases", [])):
            if not isinstance(phrase, str) or not phrase.strip():
                fail(f"phrases[{i}]", "must be a non-empty string")
            entry = _Entry(spec["code"], phrase, ignorecase=spec.get("ignorecase", True))
            (index.add_line if spec.get("scope", "line") == "line" else index.add_inline)(entry)

    def setup(self) -> None:
        patterns = self.spec.get("patterns", [])
        self.pattern = _compile(patterns, self.spec.get("ignorecase", True)) if patterns else None

    def check(self, doc: Document) -> Iterator[Finding]:
        spans = [(s, e) for s, e, _ in self._hits(doc)]
        if self.pattern is not None:
            spans += list(_pattern_spans(self.pattern, doc, self.spec.get("scope", "line") == "line"))
        reported: set[tuple[int, int]] = set()
        for start, end in sorted(set(spans)):
            if not self._position_ok(doc, start):
                continue
            message = self._message(doc.text[start:end])
            if self.spec.get("fix") == "delete-line":  # the finding covers the line its fix deletes
                line = doc.line_at(start)
                start = line.start + len(line.text) - len(line.text.lstrip())
                end = max(start, line.start + len(line.text.rstrip()))
            if (start, end) not in reported:
                reported.add((start, end))
                yield self.finding(start, end, message, fix=self._fix(doc, start, end))

    def _fix(self, doc: Document, start: int, end: int) -> Fix | None:
        how = self.spec.get("fix")
        if how == "delete-match":
            return Fix((Edit.delete(start, end),), self._safety(doc, start), "Delete the phrase")
        if how == "delete-line":
            return Fix((delete_line_edit(doc, start),), self._safety(doc, start), "Delete the line")
        return None


class Substitution(PackRule, abstract=True):
    """Flags a wrong form and replaces it with the right one (``swap = {wrong = right}``)."""

    _abstract = True
    kind = "substitution"
    keys = {"swap": dict}

    @classmethod
    def validate(cls, spec: dict[str, Any], fail: Any) -> None:
        if not spec.get("swap"):
            fail("swap", "a substitution rule needs a [rule.swap] table of wrong = right")
        for wrong, right in spec.get("swap", {}).items():
            if not isinstance(right, str):
                fail(f"swap.{wrong}", "the replacement must be a string")

    @classmethod
    def register(cls, spec: dict[str, Any], index: PhraseIndex, fail: Any) -> None:
        for wrong, right in spec["swap"].items():
            index.add_inline(_Entry(spec["code"], wrong, right, spec.get("ignorecase", False)))

    def check(self, doc: Document) -> Iterator[Finding]:
        for start, end, entry in self._hits(doc):
            if not self._position_ok(doc, start):
                continue
            found = doc.text[start:end]
            if found == entry.payload:
                continue
            fix = Fix((Edit(start, end, entry.payload),), self._safety(doc, start), f"Replace with {entry.payload!r}")
            yield self.finding(start, end, self._message(found, replacement=entry.payload), fix=fix)


class Consistency(PackRule, abstract=True):
    """Declared variant groups: every variant is replaced by the group's preferred form.

    ``groups = [["Saydnaya", "Sednaya"]]``: the first spelling is preferred (house style);
    with ``prefer = "majority"`` the spelling used most in the article wins instead.
    """

    _abstract = True
    kind = "consistency"
    keys = {"groups": list, "prefer": str}

    @classmethod
    def validate(cls, spec: dict[str, Any], fail: Any) -> None:
        groups = spec.get("groups")
        if not groups:
            fail("groups", "a consistency rule needs groups = [[preferred, variant, ...], ...]")
        for i, group in enumerate(groups or []):
            if not isinstance(group, list) or len(group) < 2 or not all(isinstance(g, str) for g in group):
                fail(f"groups[{i}]", "each group is a list of at least two spellings")
        if spec.get("prefer", "first") not in ("first", "majority"):
            fail("prefer", "must be 'first' or 'majority'")

    @classmethod
    def register(cls, spec: dict[str, Any], index: PhraseIndex, fail: Any) -> None:
        for gi, group in enumerate(spec["groups"]):
            for variant in group:
                index.add_inline(_Entry(spec["code"], variant, gi, spec.get("ignorecase", False)))

    def check(self, doc: Document) -> Iterator[Finding]:
        by_group: dict[int, list[tuple[int, int, str]]] = {}
        for start, end, entry in self._hits(doc):
            by_group.setdefault(entry.payload, []).append((start, end, doc.text[start:end]))
        for gi, hits in sorted(by_group.items()):
            group = self.spec["groups"][gi]
            if self.spec.get("prefer", "first") == "majority":
                counts = {v: sum(1 for *_, t in hits if t.lower() == v.lower()) for v in group}
                preferred = max(group, key=lambda v: (counts[v], -group.index(v)))
            else:
                preferred = group[0]
            for start, end, found in hits:
                if found.lower() == preferred.lower():
                    continue
                fix = Fix((Edit(start, end, preferred),), self._safety(doc, start), f"Use {preferred!r}")
                yield self.finding(start, end, self._message(found, preferred=preferred), fix=fix,
                                   data={"preferred": preferred})


BUILTIN_KINDS: dict[str, type[PackRule]] = {
    "existence": Existence,
    "substitution": Substitution,
    "consistency": Consistency,
}


# --------------------------------------------------------------------------- helpers
def delete_line_edit(doc: Document, offset: int, line: Line | None = None) -> Edit:
    """An edit deleting the whole line at ``offset`` with its line break, and one blank line
    beside it when the line sits between blank lines (or between a blank line and the end),
    so no run of blank lines or trailing blank line is left behind. A caller that holds the
    ``Line`` (one of ``doc.lines``) passes it, and the line index is not searched.

    >>> d = Document("A\n\nAd\n\nB\n")
    >>> apply_edits(d.text, [delete_line_edit(d, 3)])
    'A\n\nB\n'
    """
    if line is None:
        line = doc.line_at(offset)
    lines = doc.lines
    n = line.number
    prev = lines[n - 2] if n >= 2 else None
    nxt = lines[n] if n < len(lines) else None
    # the line is the last one with content: nothing after it but (maybe) the final newline
    last = nxt is None or (nxt.number == len(lines) and nxt.text == "")
    start, end = line.start, line.end
    if nxt is not None:
        end += 1  # its own line break
    if last:
        if prev is not None and prev.is_blank:
            start = prev.start if nxt is not None else prev.start - 1
        elif nxt is None and prev is not None:
            start -= 1  # no final newline: take the break before it
    elif nxt is not None and nxt.is_blank and (prev is None or prev.is_blank):
        end = nxt.end + 1
    return Edit.delete(start, end)


def _compile(patterns: list[str], ignorecase: bool) -> Any:
    import regex

    flags = regex.IGNORECASE if ignorecase else 0
    return regex.compile("|".join(f"(?:{p})" for p in patterns), flags | regex.VERSION1 | regex.MULTILINE)


def _pattern_spans(pattern: Any, doc: Document, whole_line: bool) -> Iterator[tuple[int, int]]:
    try:
        if whole_line:
            for line in doc.paragraphs:
                text = line.text.strip()
                if len(text) > 300:
                    continue
                if pattern.fullmatch(text, timeout=PATTERN_TIMEOUT):
                    start = line.start + len(line.text) - len(line.text.lstrip())
                    yield start, start + len(text)
        else:
            for m in pattern.finditer(doc.text, timeout=PATTERN_TIMEOUT):
                if m.end() > m.start():
                    yield m.start(), m.end()
    except TimeoutError:
        return


# --------------------------------------------------------------------------- loading
def pack_files(paths: Iterable[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """``(origin, file)`` of every pack named: a folder stands for its ``*.toml`` files."""
    files: list[tuple[str, Path]] = []
    for origin, path in paths:
        if path.is_dir():
            files += [(origin, p) for p in sorted(path.glob("*.toml"))]
        elif path.exists():
            files.append((origin, path))
        else:
            raise PackError(str(path), "rule pack not found")
    return files


def load_packs(
    paths: Iterable[tuple[str, Path]], kinds: dict[str, type[PackRule]] | None = None
) -> tuple[list[type[Rule]], Lexicons]:
    """Load pack files (or folders of them) into rule classes sharing one phrase index."""
    kinds = {**BUILTIN_KINDS, **(kinds or {})}
    index = PhraseIndex()
    classes: list[type[Rule]] = []
    lexicons: Lexicons = {}
    for origin, path in pack_files(paths):
        new_classes, new_lex = _load_pack(origin, path, kinds, index)
        classes += new_classes
        for name, entries in new_lex.items():
            lexicons.setdefault(name, []).extend(entries)
    return classes, lexicons


def _load_pack(origin: str, path: Path, kinds: dict[str, type[PackRule]], index: PhraseIndex):
    raw = path.read_text(encoding="utf-8")
    data, lexicons = _parse_pack(path, raw)
    unknown = set(data) - {"pack", "rule", "lexicon"}
    if unknown:
        key = sorted(unknown)[0]
        raise PackError(str(path), f"unknown table {key!r}" + did_you_mean(key, ["pack", "rule", "lexicon"]),
                        line=_find_line(raw, key))
    meta = data.get("pack", {})
    pack_name = meta.get("name", path.stem)
    classes: list[type[Rule]] = []
    for i, spec in enumerate(data.get("rule", [])):
        def fail(key: str, message: str, _spec: dict = spec, _i: int = i) -> None:
            line = _nth_header_line(raw, "rule", _i)  # only computed for an error
            raise PackError(str(path), message, line=_key_line(raw, line, key.split("[")[0].split(".")[0]),
                            rule=_spec.get("code"), key=key)

        for required in ("code", "name", "kind", "message"):
            if required not in spec:
                fail(required, f"missing required key {required!r}")
        kind = kinds.get(spec["kind"])
        if kind is None:
            fail("kind", f"unknown kind {spec['kind']!r}; known kinds: {', '.join(sorted(kinds))}")
        allowed = {**_COMMON_KEYS, **kind.keys}
        for key, value in spec.items():
            if key not in allowed:
                fail(key, f"unknown key {key!r}" + did_you_mean(key, allowed))
            if not isinstance(value, allowed[key]):
                fail(key, f"must be a {allowed[key].__name__}")
        if not CODE_RE.match(spec["code"]):
            fail("code", "a code is 1-4 capitals and 3 digits, e.g. 'HS001'")
        if not NAME_RE.match(spec["name"]):
            fail("name", "a name is kebab-case, e.g. 'banned-phrase'")
        prefix = meta.get("prefix")
        if prefix and not spec["code"].startswith(prefix):
            fail("code", f"codes of pack {pack_name!r} start with {prefix!r}")
        for key, choices in (("severity", ("error", "warning", "info")), ("scope", ("line", "inline")),
                             ("safety", ("safe", "unsafe", "safe-at-edges")),
                             ("position", ("anywhere", "edges", "head", "tail")),
                             ("fix", ("delete-line", "delete-match", "replace"))):
            if key in spec and spec[key] not in choices:
                fail(key, f"must be one of {', '.join(choices)}")
        kind.validate(spec, fail)
        for j, pattern in enumerate(spec.get("patterns", [])):
            try:
                _compile([pattern], True)
            except Exception as exc:  # noqa: BLE001 - regex.error and friends
                fail(f"patterns[{j}]", f"bad regex: {exc}")
        kind.register(spec, index, fail)
        cls = type(
            _class_name(spec["name"]),
            (kind,),
            {
                "code": spec["code"],
                "name": spec["name"],
                "family": pack_name,
                "severity": Severity(spec.get("severity", "warning")),
                "fixable": (_FIXABLE[spec.get("safety", "unsafe")]
                            if spec.get("fix") or kind.always_fixes else None),
                "default_enabled": spec.get("enabled", True),
                "spec": spec,
                "index": index,
                "pack_path": str(path),
                "origin": origin,
                "__doc__": spec.get("summary", spec["message"]),
                "__module__": __name__,
            },
        )
        classes.append(cls)
    return classes, lexicons


def _lexicons(path: Path, raw: str, data: dict[str, Any]) -> Lexicons:
    """The ``[[lexicon]]`` tables of a pack, validated, as lists of entries."""
    lexicons: Lexicons = {}
    for i, lex in enumerate(data.get("lexicon", [])):
        if "name" not in lex or not isinstance(lex.get("phrases"), list):
            raise PackError(str(path), "a [[lexicon]] needs name and phrases", line=_nth_header_line(raw, "lexicon", i))
        extra = {k: v for k, v in lex.items() if k not in ("phrases", "name")}
        entries = lexicons.setdefault(lex["name"], [])
        for j, phrase in enumerate(lex["phrases"]):
            if not isinstance(phrase, str) or not phrase.strip():
                raise PackError(str(path), f"phrases[{j}] must be a non-empty string",
                                line=_nth_header_line(raw, "lexicon", i), key=f"lexicon {lex['name']}")
            entries.append({"phrase": phrase, **extra})
    return lexicons


def _parse_pack(path: Path, raw: str) -> tuple[dict[str, Any], Lexicons]:
    """Parse a pack and validate its lexicons; the result is cached (marshal, keyed on the
    text) for fast starts: a pre-commit hook pays for neither TOML parsing nor the checks."""
    import hashlib
    import marshal
    import os

    cache = None
    if not os.environ.get("NEWSLINT_NO_CACHE"):
        from newslint.cache import default_cache_dir

        digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]
        cache = default_cache_dir(None) / "packs" / f"{digest}.v2.marshal"
        try:
            data, lexicons = marshal.loads(cache.read_bytes())
            return data, lexicons
        except (OSError, ValueError, EOFError, TypeError):
            pass
    import tomllib
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = _re.search(r"line (\d+)", str(exc))
        raise PackError(str(path), f"invalid TOML: {exc}", line=int(m[1]) if m else None) from None
    lexicons = _lexicons(path, raw, data)
    if cache is not None:
        from newslint.cache import write_atomic

        try:
            write_atomic(cache, marshal.dumps((data, lexicons)))
        except ValueError:
            pass  # TOML values marshal cannot hold (dates) just skip the cache
    return data, lexicons


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-")) + "Rule"


def _nth_header_line(raw: str, table: str, n: int) -> int | None:
    count = -1
    for number, line in enumerate(raw.splitlines(), 1):
        if line.strip().startswith(f"[[{table}]]"):
            count += 1
            if count == n:
                return number
    return None


def _key_line(raw: str, start: int | None, key: str) -> int | None:
    if start is None:
        return None
    lines = raw.splitlines()
    for number in range(start, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if number > start and stripped.startswith("[["):
            break
        if _re.match(rf"['\"]?{_re.escape(key)}['\"]?\s*=", stripped) or stripped.startswith(f"[rule.{key}"):
            return number
    return start


def _find_line(raw: str, key: str) -> int | None:
    for number, line in enumerate(raw.splitlines(), 1):
        if key in line:
            return number
    return None


@hookimpl
def newslint_rule_kinds() -> dict[str, type[PackRule]]:
    return dict(BUILTIN_KINDS)


@hookimpl
def newslint_rule_packs() -> list[Path]:
    return [builtin_pack_dir()]
