"""Encoding and markup corruption (``EN``): mojibake, lost bytes, HTML residue, invisibles."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Iterator

from newslint.document import Document
from newslint.hookspecs import hookimpl
from newslint.model import Edit, Finding, Fix
from newslint.rule import Rule
from newslint.checks.textscan import SPARSE, line_bounds, sparse_bytes, utf8
from newslint.suppressions import DIRECTIVE
from newslint.text import lazy_pattern, lazy_regex

# --------------------------------------------------------------------------- mojibake
#: windows-1252 / latin-1 renderings of UTF-8 continuation bytes 0x80-0xBF
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
#: a UTF-8 lead byte read as latin-1 (Â..ô) followed by a continuation byte: the shape of
#: every UTF-8-read-as-1252 sequence. Cheap prefilter before ftfy's badness measure.
_MOJIBAKE_HINT = lazy_pattern(f"[\u00c2-\u00f4][{_CONTINUATION}]")
#: _MOJIBAKE_HINT in the text's UTF-8, where the lead characters all start with byte C3
#: (a literal: re jumps from one accented letter to the next)
_MOJIBAKE_HINT_UTF8 = lazy_pattern(
    b"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c]"
    b"|\xe2\x80[\x93\x94\x98-\x9a\x9c-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]|\xe2\x82\xac|\xe2\x84\xa2)"
)
#: ftfy steps that re-decode bytes exactly; anything else is a guess
_EXACT_STEPS = {"encode", "decode"}
_EXACT_APPLY = {"decode_inconsistent_utf8", "fix_c1_controls"}


def _explain(steps: list[tuple[str, str]]) -> str:
    words = {"encode": "encode as", "decode": "decode as", "transcode": "apply", "apply": "apply"}
    return ", ".join(f"{words.get(kind, kind)} {arg}" for kind, arg in steps)


def _exact(steps: list[tuple[str, str]]) -> bool:
    return all(kind in _EXACT_STEPS or (kind == "apply" and arg in _EXACT_APPLY) for kind, arg in steps)


def _exact_alone(old: str, new: str) -> bool:
    """ftfy repairs this sequence on its own, exactly, into the same text."""
    import ftfy

    fixed, steps = ftfy.fix_encoding_and_explain(old)
    return fixed == new and _exact(steps)


def _changed_regions(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) regions where ``new`` differs from ``old``.

    Diffs words and spaces first and characters only inside changed words: a character
    diff of a whole paragraph with many repairs costs seconds (difflib is quadratic).
    ftfy's repairs leave ASCII spaces alone (a restored 0xA0 aside), so the words of the
    two texts usually pair up one to one.
    """
    import difflib

    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    old_starts, new_starts = _starts(old_tokens), _starts(new_tokens)
    if len(old_tokens) == len(new_tokens):
        spans = [(i, i + 1, i, i + 1) for i, (a, b) in enumerate(zip(old_tokens, new_tokens)) if a != b]
    else:
        spans = _differing_spans(old_tokens, new_tokens)
    regions: list[tuple[int, int, str]] = []
    for i1, i2, j1, j2 in spans:
        a0, b0 = old_starts[i1], new_starts[j1]
        a, b = old[a0:old_starts[i2]], new[b0:new_starts[j2]]
        for tag, k1, k2, l1, l2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            if regions and regions[-1][1] == a0 + k1:
                s, _, r = regions.pop()
                regions.append((s, a0 + k2, r + b[l1:l2]))
            else:
                regions.append((a0 + k1, a0 + k2, b[l1:l2]))
    return regions


def _differing_spans(old: list[str], new: list[str], window: int = 12) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) spans where two token lists differ, walking both in step and, at a
    difference, resuming at the nearest point where three tokens agree again: linear,
    where difflib's matcher is quadratic on a long repetitive paragraph."""
    spans = []
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        resume = next(((i + a, j + k - a) for k in range(1, window) for a in range(k + 1)
                       if old[i + a:i + a + 3] == new[j + k - a:j + k - a + 3]), None)
        if resume is None:
            break
        spans.append((i, resume[0], j, resume[1]))
        i, j = resume
    if i < len(old) or j < len(new):
        spans.append((i, len(old), j, len(new)))
    return spans


_TOKENS = re.compile(r"[^ ]+| ")  # mojibake holds no ASCII space (a lost 0xA0 aside)


def _starts(tokens: list[str]) -> list[int]:
    """Offsets of the tokens, and the end of the last one."""
    from itertools import accumulate

    return [0, *accumulate(map(len, tokens))]


def _lines_with(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Start and end of each line where ``pattern`` matches, each line once."""
    end = -1
    for m in pattern.finditer(text):
        if m.start() > end:
            start, end = line_bounds(text, m.start())
            yield start, end


class Mojibake(Rule):
    """Text decoded with the wrong character encoding ("â€™" for "’", "Ã©" for "é").

    ## What it does
    Finds lines with the byte patterns of UTF-8 read as windows-1252 or latin-1, confirms
    them with ftfy's badness measure, and repairs them with ftfy's encoding fixers
    (`fix_encoding_and_explain`). The message names ftfy's explanation of the repair.

    ## Why is this bad?
    Mojibake makes names and quotes unreadable and breaks search and deduplication.

    ## Example
    `Itâ€™s a cafÃ© in SÃ£o Paulo`

    Use instead: `It’s a café in São Paulo`

    ## Fix
    Replaces each corrupted sequence with ftfy's repair. Safe when ftfy's repair is an exact
    re-decoding of the bytes and leaves nothing suspicious behind; unsafe when ftfy had to
    guess a lost byte (e.g. a no-break space restored) or the repair still looks bad. ftfy's
    `fix_text` defaults are never used: they would straighten legitimate curly quotes.
    """

    code = "EN001"
    name = "mojibake"
    family = "encoding"
    fixable = "sometimes"

    def check(self, doc: Document) -> Iterable[Finding]:
        # most texts have no candidate: no generator for them
        if doc.text.isascii():
            return ()
        data = utf8(doc)
        if b"\xc3" not in data or not _MOJIBAKE_HINT_UTF8.search(data):
            return ()  # no latin-1 letter at all, or none followed by a continuation character
        return self._findings(doc)

    def _findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        import ftfy
        from ftfy.badness import is_bad

        for line_start, line_end in _lines_with(_MOJIBAKE_HINT, text):
            line = text[line_start:line_end]
            if not is_bad(line):
                continue
            fixed, steps = ftfy.fix_encoding_and_explain(line)
            if fixed == line:
                continue
            safe = _exact(steps) and not is_bad(fixed) and fixed.count("\ufffd") <= line.count("\ufffd")
            how = _explain(steps)
            for start, end, repl in _changed_regions(line, fixed):
                a, b = line_start + start, line_start + end
                exact = safe or _exact_alone(line[start:end], repl)
                # a space inside the sequence means ftfy guessed a lost byte (0xA0 or 0x9D)
                exact = exact and " " not in line[start:end]
                edit = Edit(a, b, repl)
                fix = (Fix.safe if exact else Fix.unsafe)(edit, title=f"Replace with {repl!r}")
                yield self.finding(a, b, f"mojibake {doc.text[a:b]!r} → {repl!r} (ftfy: {how})",
                                   fix=fix, data={"ftfy": how, "replacement": repl})


# --------------------------------------------------------------------------- lost bytes
_REPLACEMENT = re.compile("\ufffd+")


class ReplacementCharacter(Rule):
    """U+FFFD replacement characters: bytes lost when the text was decoded.

    ## What it does
    Flags runs of "�" (U+FFFD REPLACEMENT CHARACTER).

    ## Why is this bad?
    A decoder met bytes it could not read and threw them away; the original characters
    (often curly quotes or accented letters) are gone from the text.

    ## Example
    `“It’s drivers helping drivers,�? said Bambic.`

    ## Fix
    None: the lost characters cannot be recovered from the text; re-fetch or re-decode the
    source.
    """

    code = "EN002"
    name = "replacement-character"
    family = "encoding"

    def check(self, doc: Document) -> Iterable[Finding]:
        return self._findings(doc) if "\ufffd" in doc.text else ()

    def _findings(self, doc: Document) -> Iterator[Finding]:
        for m in _REPLACEMENT.finditer(doc.text):
            n = m.end() - m.start()
            yield self.finding(m.start(), m.end(), f"{n} replacement character{'s' * (n > 1)} (U+FFFD): "
                               "bytes were lost in decoding")


# --------------------------------------------------------------------------- HTML entities
_ENTITY = lazy_pattern(r"&(?:amp;)*(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};|nbsp\b)")


def _unescape(text: str) -> str:
    """Unescape until stable (double-escaped ``&amp;amp;nbsp;`` needs several rounds)."""
    import html  # its entity table costs start-up time; only an entity candidate needs it

    for _ in range(8):
        new = html.unescape(text)
        if new == text:
            break
        text = new
    return text




class HtmlEntity(Rule):
    """An HTML character reference left in plain text ("&amp;", "&nbsp;", "&#8217;").

    ## What it does
    Flags named and numeric HTML character references, including multiply escaped ones
    ("&amp;amp;nbsp;"), that an extractor failed to decode.

    ## Why is this bad?
    Readers see "AT&amp;T" and "&#8217;" instead of the characters; search and dedup break.

    ## Example
    `Johnson &amp; Johnson said it&#8217;s reviewing the report.`

    Use instead: `Johnson & Johnson said it’s reviewing the report.`

    ## Fix
    Safe: replaces the reference with the character it encodes (decoded until stable), as
    an HTML parser would. `&nbsp;` becomes a no-break space.
    """

    code = "EN003"
    name = "html-entity"
    family = "encoding"
    fixable = "safe"

    def check(self, doc: Document) -> Iterable[Finding]:
        return self._findings(doc) if "&" in doc.text else ()

    def _findings(self, doc: Document) -> Iterator[Finding]:
        for m in _ENTITY.finditer(doc.text):
            decoded = _unescape(m[0])
            if decoded == m[0]:
                continue  # not a known entity (e.g. "&foo;")
            shown = decoded if decoded.isprintable() and not decoded.isspace() else f"U+{ord(decoded[0]):04X}"
            yield self.finding(m.start(), m.end(), f"HTML entity {m[0]!r} (decodes to {shown})",
                               fix=Fix.safe(Edit(m.start(), m.end(), decoded), title=f"Decode {m[0]!r}"))


# --------------------------------------------------------------------------- markup residue
_BLOCK_TAGS = (
    "address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|"
    "li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
_INLINE_TAGS = (
    "a|abbr|audio|b|button|center|cite|code|del|em|embed|font|form|i|iframe|img|input|ins|label|link|"
    "meta|noscript|object|option|param|picture|script|select|small|source|span|strong|style|sub|sup|"
    "svg|textarea|u|video"
)
_TAG = lazy_regex(  # "<" first, outside the alternation: re jumps from one "<" to the next
    rf"<(?:/?(?P<name>{_BLOCK_TAGS}|{_INLINE_TAGS})(?:\s+[^<>\n]*?)?\s*/?>|!--.*?-->)",
    re.IGNORECASE,
)
_BLOCK = lazy_regex(rf"(?:{_BLOCK_TAGS})$", re.IGNORECASE)
#: a shortcode with attributes (`[caption id="..." width="300"]`) or a closing one (`[/caption]`)
_SHORTCODE_ATTRS = re.compile(
    r"\[(?:[a-z][\w-]*(?:\s+[a-z_][\w-]*=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\]\"']+))+\s*/?\]"
    r"|/[a-z][\w-]*\])"
)


class MarkupResidue(Rule):
    """HTML tags, HTML comments or WordPress shortcodes left in the article text.

    ## What it does
    Flags HTML tags of known elements (`<br>`, `<p>`, `</div>`, `<a href=…>`, `<img …>`), HTML
    comments, and WordPress shortcodes (`[caption id=…]`, `[/caption]`, `[gallery ids=…]`).
    newslint's own suppression comments (`<!-- newslint: disable-line CODE -->`) are
    ignored, and so are angle or square brackets used in prose (`<The Palace>`, `[sic]`).

    ## Why is this bad?
    The extractor kept markup that a reader never sees on the page.

    ## Example
    `The minister resigned.<br>[caption id="attachment_42" width="300"]`

    ## Fix
    Safe: deletes the tag, comment or shortcode (a block tag between two words becomes a
    space). The text between an opening and a closing tag is kept.
    """

    code = "EN004"
    name = "markup-residue"
    family = "encoding"
    fixable = "safe"
    options = {"extra-shortcodes": []}

    def setup(self) -> None:
        names = {e["phrase"].strip().lower() for e in self.lexicons.get("wordpress-shortcodes", [])}
        names |= {n.lower() for n in self.config["extra-shortcodes"]}
        alternation = "|".join(sorted(map(re.escape, names), key=len, reverse=True)) or "(?!)"
        self.shortcode = re.compile(rf"\[/?(?:{alternation})(?:\s[^\[\]\n]*)?\]", re.IGNORECASE)

    def check(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        return self._findings(text) if "<" in text or "[" in text else ()

    def _findings(self, text: str) -> Iterator[Finding]:
        spans: list[tuple[int, int, str]] = []
        if "<" in text:
            directives = [(m.start(), m.end()) for m in DIRECTIVE.finditer(text)] if "newslint:" in text else []
            d = 0  # the first directive that does not end before the tag (both in order)
            for m in _TAG().finditer(text):
                while d < len(directives) and directives[d][1] <= m.start():
                    d += 1
                if d < len(directives) and directives[d][0] <= m.start():
                    continue
                kind = "HTML comment" if m[0].startswith("<!--") else "HTML tag"
                spans.append((m.start(), m.end(), kind))
        if "[" in text:
            seen = set()
            for pattern in (_SHORTCODE_ATTRS, self.shortcode):
                for m in pattern.finditer(text):
                    if m.start() not in seen:
                        seen.add(m.start())
                        spans.append((m.start(), m.end(), "shortcode"))
        last = -1
        for start, end, kind in sorted(spans):
            if start < last:
                continue
            last = end
            yield self.finding(start, end, f"{kind} {text[start:end][:40]!r} left in the text",
                               fix=Fix.safe(self._removal(text, start, end), title=f"Delete the {kind}"))

    @staticmethod
    def _removal(text: str, start: int, end: int) -> Edit:
        before = text[start - 1] if start > 0 else "\n"
        after = text[end] if end < len(text) else "\n"
        m = _TAG().fullmatch(text, start, end)
        block = bool(m and m["name"] and _BLOCK().match(m["name"]))
        if not before.isspace() and not after.isspace():
            return Edit(start, end, " " if block else "")
        if before in " \t" and after in " \t":
            return Edit(start, end + 1, "")  # keep one of the two spaces
        if before in " \t" and after == "\n":
            return Edit(start - 1, end, "")  # no trailing space
        if after in " \t" and before == "\n":
            return Edit(start, end + 1, "")  # no leading space
        return Edit(start, end, "")


# --------------------------------------------------------------------------- invisibles
_INVISIBLE = lazy_pattern(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]"
)
#: the UTF-8 lead bytes of the _INVISIBLE characters beyond ASCII: U+0080-U+00BF,
#: U+1000-U+1FFF, U+2000-U+2FFF, U+E000-U+EFFF, U+F000-U+FFFF (textscan.SPARSE keeps
#: them, with the control characters)
_LEADS = b"\xc2\xe1\xe2\xee\xef"
#: the bytes of textscan.SPARSE that are not control characters
_NOT_CONTROL = bytes(b for b in SPARSE if 0x20 <= b < 0x7F or b >= 0x80)
#: the _INVISIBLE characters of each lead byte, in UTF-8 (a literal first byte each)
_INVISIBLE_UTF8 = (
    re.compile(b"\xc2[\x80-\x9f\xad]"),  # C1 controls, soft hyphen
    re.compile(b"\xe1\xa0\x8e"),  # Mongolian vowel separator
    re.compile(b"\xe2(?:\x80[\x8b-\x8f\xaa-\xae]|\x81[\xa0-\xa4\xa6-\xa9])"),  # zero-width, bidi
    re.compile(b"\xee"),  # private use U+E000-U+EFFF
    re.compile(b"\xef(?:[\x80-\xa3]|\xbb\xbf|\xbf[\xb9-\xbb])"),  # private use, BOM, U+FFF9-U+FFFB
)


def _may_hold_invisibles(doc: Document) -> bool:
    """Whether the text holds an _INVISIBLE character, told from its UTF-8 in C passes."""
    sparse = sparse_bytes(doc)  # control characters, lead bytes, brackets
    if sparse.translate(None, _NOT_CONTROL):
        return True  # a control character
    data = utf8(doc)
    return any(lead in sparse and pattern.search(data) for lead, pattern in zip(_LEADS, _INVISIBLE_UTF8))


_NAMES = {
    "\u00ad": "soft hyphen", "\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner", "\u200e": "left-to-right mark", "\u200f": "right-to-left mark",
    "\u2060": "word joiner", "\ufeff": "byte-order mark",
}
_MOJIBAKE_TAIL = lazy_pattern(f"[\u00c2-\u00f4{_CONTINUATION}]")
_RTL = lazy_regex("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _needs_joiners(ch: str) -> bool:
    """Scripts and emoji in which ZWJ/ZWNJ shape the text (Arabic, Indic, emoji sequences…)."""
    o = ord(ch)
    return (
        0x0600 <= o <= 0x08FF or 0x0900 <= o <= 0x0DFF or 0x0F00 <= o <= 0x0FFF
        or 0x1000 <= o <= 0x109F or 0x1780 <= o <= 0x18AF or 0xFB50 <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFF or o == 0xFE0F or 0x2600 <= o <= 0x27BF or 0x1F000 <= o <= 0x1FAFF
        or 0xE0020 <= o <= 0xE007F or unicodedata.category(ch) == "So"
    )


def _spaceless_script(ch: str) -> bool:
    """Scripts written without spaces, where a zero-width space marks a word boundary."""
    o = ord(ch)
    return (0x0E00 <= o <= 0x0EFF or 0x0F00 <= o <= 0x0FFF or 0x1000 <= o <= 0x109F
            or 0x1780 <= o <= 0x17FF or 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF)


def _describe(ch: str) -> str:
    o = ord(ch)
    if ch in _NAMES:
        return _NAMES[ch]
    if o < 0x20 or o == 0x7F:
        return "control character"
    if 0x80 <= o <= 0x9F:
        return "C1 control character"
    if 0xE000 <= o <= 0xF8FF:
        return "private-use character (icon-font glyph)"
    return unicodedata.name(ch, "invisible character").lower()


def _line_has_rtl(doc: Document, offset: int) -> bool:
    """The line holding ``offset`` has right-to-left script (each line looked at once)."""
    line = doc.line_at(offset)
    known = doc.cache.setdefault("rtl-lines", {})
    if line.number not in known:
        known[line.number] = _RTL().search(line.text) is not None
    return known[line.number]


class InvisibleCharacter(Rule):
    """Invisible and control characters inside the text (zero-width spaces, soft hyphens…).

    ## What it does
    Flags zero-width spaces, soft hyphens, word joiners, byte-order marks inside the text,
    directional marks in text without right-to-left script, C0 and C1 control characters and
    private-use (icon-font) characters. Zero-width joiners and non-joiners are kept where a
    script or an emoji sequence needs them (Arabic, Persian, Indic scripts, 👩‍💻), and
    zero-width spaces between words of scripts written without spaces (Thai, Khmer…).
    A line made only of a zero-width space is a CMS spacer paragraph and is left alone
    unless `spacer-lines = true`.

    ## Why is this bad?
    Invisible characters break search, tokenisation and exact-match deduplication while
    looking like nothing at all.

    ## Example
    `The minis<U+00AD>ter met with<U+200B> officials.` (a soft hyphen, a zero-width space)

    Use instead: `The minister met with officials.`

    ## Fix
    Safe: deletes the character; a vertical tab or form feed between two words becomes a
    space, and a C1 control character becomes the windows-1252 character it stands for
    (ftfy's `fix_c1_controls`, e.g. U+0097 → "—").
    """

    code = "EN005"
    name = "invisible-character"
    family = "encoding"
    fixable = "safe"
    options = {"spacer-lines": False}

    def check(self, doc: Document) -> Iterable[Finding]:
        return self._findings(doc) if _may_hold_invisibles(doc) else ()

    def _findings(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        n = len(text)
        for m in _INVISIBLE.finditer(text):
            ch, i = m[0], m.start()
            before = text[i - 1] if i > 0 else "\n"
            after = text[i + 1] if i + 1 < n else "\n"
            if not self._is_artefact(doc, ch, i, before, after):
                continue
            yield self.finding(i, i + 1, f"{_describe(ch)} (U+{ord(ch):04X})",
                               fix=Fix.safe(self._repair(ch, i, before, after), title="Remove it"))

    def _is_artefact(self, doc: Document, ch: str, i: int, before: str, after: str) -> bool:
        if ch in "\u200c\u200d":
            return not (_needs_joiners(before) or _needs_joiners(after))
        if ch == "\u200b":
            if _spaceless_script(before) or _spaceless_script(after):
                return False
            if not self.config["spacer-lines"] and before == "\n" and after == "\n":
                return False
        if "\x80" <= ch <= "\x9f" and _MOJIBAKE_TAIL.match(before):
            return False  # part of a mojibake sequence: EN001 repairs it
        if ch == "\ufeff" and i == 0:
            return False  # a byte-order mark at the start of the file, not inside the text
        if ch in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            return not _line_has_rtl(doc, i)
        return True

    @staticmethod
    def _repair(ch: str, i: int, before: str, after: str) -> Edit:
        if ch in "\x0b\x0c" and not before.isspace() and not after.isspace():
            return Edit(i, i + 1, " ")
        if "\x80" <= ch <= "\x9f":
            from ftfy.fixes import fix_c1_controls

            repl = fix_c1_controls(ch)
            if repl != ch and repl.isprintable():
                return Edit(i, i + 1, repl)
        if before in " \t" and after in " \t":
            return Edit.delete(i, i + 2)  # do not leave two spaces behind
        return Edit.delete(i, i + 1)



@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [Mojibake, ReplacementCharacter, HtmlEntity, MarkupResidue, InvisibleCharacter]
