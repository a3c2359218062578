"""Cheap whole-text scans shared by the character-level rules (EN, DB, PU, QT, WS).

Every rule of these families reads every character of every article, so each keeps its
pass over the text to C-level work, cached on the document for the rules after it:

* the text's UTF-8 bytes, on which ``bytes.translate`` maps a whole article to a small
  alphabet (letters to their case, say) at memory speed;
* regexes whose first character is a literal, which CPython's ``re`` finds with a tight
  scan; a character class or an alternation in first position makes it try every
  position, an order of magnitude slower;
* the article's language, decided without langdetect (milliseconds per article) when
  the article plainly reads as English.

Offsets found in the bytes are byte offsets; :func:`char_offsets` maps them back.
"""

from __future__ import annotations

from typing import Iterable

from newslint.document import Document

__all__ = [
    "SPARSE", "article_language", "char_offsets", "class_view", "line_bounds", "reads_english",
    "reversed_class_view", "sparse_bytes", "utf8",
]


def utf8(doc: Document) -> bytes:
    """The article's text as UTF-8 (lone surrogates kept), computed once per document."""
    data = doc.cache.get("utf8")
    if data is None:
        data = doc.cache["utf8"] = doc.text.encode("utf-8", "surrogatepass")
    return data


def char_offsets(doc: Document, byte_offsets: Iterable[int]) -> list[int]:
    """Offsets in ``doc.text`` of ascending offsets in :func:`utf8` that start characters."""
    if doc.text.isascii():
        return list(byte_offsets)
    data = utf8(doc)
    out: list[int] = []
    last_byte = last_char = 0
    for b in byte_offsets:
        last_char += len(data[last_byte:b].decode("utf-8", "surrogatepass"))
        last_byte = b
        out.append(last_char)
    return out


#: the byte classes of class_view: ASCII capitals "A", lower-case letters "a", the marks
#: , . ; : ! ? "#", space and tab " ", line break "\n", every other byte "."
_CLASS_TABLE = bytes(
    0x41 if 0x41 <= b <= 0x5A else 0x61 if 0x61 <= b <= 0x7A else 0x23 if b in b",.;:!?"
    else 0x20 if b in b" \t" else 0x0A if b == 0x0A else 0x2E
    for b in range(256)
)


def class_view(doc: Document) -> bytes:
    """The UTF-8 text with each byte replaced by its class (see _CLASS_TABLE).

    Shapes such as a capital after a lower-case letter ("aA") or a space before a
    punctuation mark (" #") become literal strings that ``re`` finds at memory speed.
    """
    view = doc.cache.get("class-view")
    if view is None:
        view = doc.cache["class-view"] = utf8(doc).translate(_CLASS_TABLE)
    return view


def reversed_class_view(doc: Document) -> bytearray:
    """class_view read backwards: a shape whose last byte is the rarer one ("aA", " #")
    is found fastest from that byte, i.e. in the reversed view ("Aa", "# ").

    A bytearray reversed in place (a quarter cheaper than the slice ``view[::-1]``), which
    ``re`` reads as it reads bytes; shared by the rules, so never to be modified."""
    view = doc.cache.get("reversed-class-view")
    if view is None:
        view = doc.cache["reversed-class-view"] = bytearray(class_view(doc))
        view.reverse()
    return view


#: the bytes sparse_bytes keeps: C0 controls but tab and line breaks, DEL, the UTF-8 lead
#: bytes of U+0080-U+00BF, U+1000-U+2FFF, U+3000-U+3FFF and U+E000-U+FFFF, and brackets
SPARSE = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]) + b"\xc2\xe1\xe2\xe3\xee\xef()[]"
_NOT_SPARSE = bytes(b for b in range(256) if b not in SPARSE)


def sparse_bytes(doc: Document) -> bytes:
    """The few bytes of SPARSE in the text, in order (one C pass): control characters,
    the lead bytes of invisible characters and of wide spaces, brackets."""
    found = doc.cache.get("sparse-bytes")
    if found is None:
        found = doc.cache["sparse-bytes"] = utf8(doc).translate(None, _NOT_SPARSE)
    return found


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start and end (before its line break) of the line holding ``offset``."""
    end = text.find("\n", offset)
    return text.rfind("\n", 0, offset) + 1, len(text) if end == -1 else end


# --------------------------------------------------------------------------- language
#: English function words, and the most characters per occurrence of one of them in a
#: plainly English article: clean English news has one every 25-100 characters; the
#: non-English articles of the evaluation corpus, quotes of English included, one per
#: 540 at best
_ENGLISH_WORDS = (" the ", " and ", " of ", " to ")
_CHARS_PER_WORD = 150


def reads_english(doc: Document) -> bool:
    """True when the article is plainly English ("the", "and", "of", "to" everywhere)."""
    answer = doc.cache.get("reads-english")
    if answer is None:
        text = doc.text
        count = sum(text.count(word) for word in _ENGLISH_WORDS)
        answer = doc.cache["reads-english"] = count >= 5 and count * _CHARS_PER_WORD >= len(text)
    return answer


def article_language(doc: Document) -> str:
    """``doc.language``, except that a plainly English article is "en" without langdetect.

    Rules ask this only when the language decides a finding; an article written with
    English function words every few words is English whatever langdetect would add.
    """
    known = doc.cache.get("language")
    if known is not None:
        return known
    return "en" if reads_english(doc) else doc.language
