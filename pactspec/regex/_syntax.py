"""Translate Java / Rust regex syntax, as Pact files carry it, into Python ``re`` syntax.

Pact-JVM writes ``java.util.regex`` patterns and pact-reference the Rust ``regex`` crate's; most
of both is read the same way by Python. What differs is rewritten here:

- ``\\p{Alpha}`` (POSIX), ``\\p{L}`` / ``\\p{Lu}`` / ``\\p{IsLetter}`` / ``\\pN`` (Unicode general
  categories) and ``[[:alpha:]]`` become explicit character classes; ``\\P{…}`` negates them;
- ``\\z`` → ``\\Z`` (end of input), Java ``\\Z`` → ``(?=\\n?\\Z)`` (end, before a final newline);
- ``(?<name>…)`` → ``(?P<name>…)``, ``\\k<name>`` → ``(?P=name)``;
- ``\\Q…\\E`` quoting, ``\\x{1F600}``, ``\\e``, ``\\h``/``\\H``, ``\\v``/``\\V`` and ``\\R``;
- inline flags in the middle of a pattern (``a(?i)b``) → a scoped group (``a(?i:b)``);
- Java class union ``[a-c[x-z]]`` → ``[a-cx-z]``.

``\\d``, ``\\w`` and ``\\s`` keep Python's Unicode meaning, as in Rust (Java's are ASCII-only):
``\\d+`` accepts ``٣`` too. Possessive quantifiers (``a++``) and atomic groups (``(?>…)``) need no rewrite: Python 3.11 reads
them natively. What has no Python equivalent (class intersection ``&&``, scripts such as
``\\p{IsLatin}``, ``\\G``, ``\\X``) raises :class:`~pactspec.errors.RuleError` naming the construct.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import unicodedata

from pactspec.errors import RuleError

__all__ = ["to_python_syntax"]

_POSIX = {
    "lower": "a-z",
    "upper": "A-Z",
    "ascii": "\\x00-\\x7f",
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "punct": "!-/:-@\\[-`{-~",
    "graph": "!-~",
    "print": " -~",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "xdigit": "0-9a-fA-F",
    "space": " \\t\\n\\x0b\\f\\r",
    "word": "\\w",
}

_CATEGORY_NAMES = {
    "letter": "L", "cased_letter": "LC", "uppercase_letter": "Lu", "lowercase_letter": "Ll",
    "titlecase_letter": "Lt", "modifier_letter": "Lm", "other_letter": "Lo", "mark": "M",
    "nonspacing_mark": "Mn", "spacing_mark": "Mc", "enclosing_mark": "Me", "number": "N",
    "decimal_number": "Nd", "letter_number": "Nl", "other_number": "No", "punctuation": "P",
    "connector_punctuation": "Pc", "dash_punctuation": "Pd", "open_punctuation": "Ps",
    "close_punctuation": "Pe", "initial_punctuation": "Pi", "final_punctuation": "Pf",
    "other_punctuation": "Po", "symbol": "S", "math_symbol": "Sm", "currency_symbol": "Sc",
    "modifier_symbol": "Sk", "other_symbol": "So", "separator": "Z", "space_separator": "Zs",
    "line_separator": "Zl", "paragraph_separator": "Zp", "other": "C", "control": "Cc",
    "format": "Cf", "surrogate": "Cs", "private_use": "Co", "unassigned": "Cn",
}

# Java's java.lang.Character-style binary properties that map onto general categories.
_BINARY_PROPERTIES = {
    "alphabetic": ("L", "Nl"), "letter": ("L",), "digit": ("Nd",), "uppercase": ("Lu",),
    "lowercase": ("Ll",), "titlecase": ("Lt",), "punctuation": ("P",), "control": ("Cc",),
}

_HORIZONTAL_SPACE = " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
_VERTICAL_SPACE = "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"
_FLAG_LETTERS = set("imsxu")


@functools.cache
def _all_category_ranges() -> dict[str, str]:
    """Every general category (and its one-letter group) as the inside of a character class."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    code = 0
    # Runs of one category, found in C (groupby over map): a loop per code point took ~1.5 s.
    for cat, run in itertools.groupby(map(unicodedata.category, map(chr, range(sys.maxunicode + 1)))):
        high = code + len(list(run)) - 1
        for key in (cat, cat[0]):
            spans = ranges.setdefault(key, [])
            if spans and spans[-1][1] == code - 1:
                spans[-1] = (spans[-1][0], high)
            else:
                spans.append((code, high))
        code = high + 1
    ranges["LC"] = sorted(ranges["Lu"] + ranges["Ll"] + ranges["Lt"])

    def render(spans: list[tuple[int, int]]) -> str:
        return "".join(
            _escape_code(lo) if lo == hi else f"{_escape_code(lo)}-{_escape_code(hi)}" for lo, hi in spans
        )

    return {key: render(spans) for key, spans in ranges.items()}


def _escape_code(code: int) -> str:
    return f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}"


def _property_class(name: str, pattern: str) -> str:
    """The inside of a character class for ``\\p{name}``; RuleError for what Python cannot express."""
    key = name.strip()
    for prefix in ("Is", "gc=", "general_category="):
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
    folded = key.lower().replace(" ", "_").replace("-", "_")
    if folded in _POSIX:
        return _POSIX[folded]
    if folded == "white_space":
        return "\\s"
    categories = _all_category_ranges()
    if key in categories:
        return categories[key]
    if len(key) == 1 and key.upper() in categories:
        return categories[key.upper()]
    if folded in _CATEGORY_NAMES:
        return categories[_CATEGORY_NAMES[folded]]
    if folded in _BINARY_PROPERTIES:
        return "".join(categories[c] for c in _BINARY_PROPERTIES[folded])
    raise RuleError(
        f"regex /{pattern}/ uses \\p{{{name}}}, a Unicode script, block or property Python cannot "
        "express; use a general category such as \\p{L} or an explicit class such as [a-zA-Z]"
    )


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.src = pattern
        self.pos = 0
        self.out: list[str] = []
        # One entry per open group: how many scoped-flag groups to close with it.
        self.groups: list[int] = [0]

    def fail(self, what: str, instead: str) -> RuleError:
        return RuleError(f"regex /{self.src}/ uses {what}, which Python's re cannot read; {instead}")

    def run(self) -> str:
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "\\":
                self.out.append(self.escape(in_class=False))
            elif ch == "[":
                self.out.append(self.char_class())
            elif ch == "(":
                self.open_group()
            elif ch == ")":
                self.pos += 1
                closes = self.groups.pop() if len(self.groups) > 1 else 0
                self.out.append(")" * closes + ")")
            else:
                self.out.append(ch)
                self.pos += 1
        self.out.append(")" * self.groups[0])
        return "".join(self.out)

    def open_group(self) -> None:
        src, pos = self.src, self.pos
        if src.startswith("(?<", pos) and not src.startswith(("(?<=", "(?<!"), pos):
            self.out.append("(?P<")
            self.pos = pos + 3
            self.groups.append(0)
            return
        match = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)").match(src, pos)
        if match and (match.group(1) or match.group(2)):
            on, off = match.group(1) or "", match.group(2) or ""
            unknown = set(on + off) - _FLAG_LETTERS
            if unknown:
                raise self.fail(f"the inline flag(s) {''.join(sorted(unknown))!r}", "drop them")
            # Python only accepts global flags at the very start; a scoped group works everywhere.
            self.out.append(f"(?{on.replace('u', '')}{'-' + off.replace('u', '') if off else ''}:")
            self.groups[-1] += 1
            self.pos = match.end()
            return
        self.out.append("(")
        self.pos = pos + 1
        self.groups.append(0)

    def escape(self, *, in_class: bool) -> str:
        src = self.src
        if self.pos + 1 >= len(src):
            raise RuleError(f"regex /{src}/ ends with a lone backslash; escape it as \\\\")
        letter = src[self.pos + 1]
        self.pos += 2
        if letter in "pP":
            if self.pos < len(src) and src[self.pos] == "{":
                end = src.find("}", self.pos)
                if end < 0:
                    raise RuleError(f"regex /{src}/ has an unclosed \\{letter}{{ ; close it with }}")
                name = src[self.pos + 1:end]
                self.pos = end + 1
            elif self.pos < len(src):
                name = src[self.pos]
                self.pos += 1
            else:
                raise RuleError(f"regex /{src}/ ends with \\{letter}; write \\{letter}{{L}} or similar")
            inner = _property_class(name, src)
            if letter == "P":
                if in_class:
                    raise self.fail(f"\\P{{{name}}} inside a character class", "move it outside the class")
                return f"[^{inner}]"
            return inner if in_class else f"[{inner}]"
        if letter == "Q":
            end = src.find("\\E", self.pos)
            end = len(src) if end < 0 else end
            text = src[self.pos:end]
            self.pos = min(end + 2, len(src))
            return "".join(re.escape(c) if c not in "-]^\\[" else "\\" + c for c in text) if in_class \
                else re.escape(text)
        if letter == "x" and self.pos < len(src) and src[self.pos] == "{":
            end = src.find("}", self.pos)
            try:
                code = int(src[self.pos + 1:end], 16)
                chr(code)
            except ValueError:
                raise RuleError(f"regex /{src}/ has a bad \\x{{…}} escape; write \\x{{1F600}}") from None
            self.pos = end + 1
            return _escape_code(code)
        simple = {"z": "\\Z", "e": "\\x1b", "h": f"[{_HORIZONTAL_SPACE}]", "H": f"[^{_HORIZONTAL_SPACE}]",
                  "v": f"[{_VERTICAL_SPACE}]", "V": f"[^{_VERTICAL_SPACE}]"}
        if in_class:
            simple.update(h=_HORIZONTAL_SPACE, v=_VERTICAL_SPACE, e="\\x1b")
            if letter in "HVRzZ":
                raise self.fail(f"\\{letter} inside a character class", "move it outside the class")
        else:
            simple.update(Z="(?=\\n?\\Z)", R="(?:\\r\\n|[\\n\\x0b\\f\\r\\x85\\u2028\\u2029])")
        if letter in simple:
            return simple[letter]
        if letter == "k" and self.pos < len(src) and src[self.pos] == "<":
            end = src.find(">", self.pos)
            if end < 0:
                raise RuleError(f"regex /{src}/ has an unclosed \\k<name>; close it with >")
            name = src[self.pos + 1:end]
            self.pos = end + 1
            return f"(?P={name})"
        if letter in "GXc":
            raise self.fail(f"\\{letter}", "rewrite the pattern without it")
        return "\\" + letter

    def char_class(self) -> str:
        """Copy one (possibly nested, Java-style) character class, starting at ``[``."""
        src = self.src
        self.pos += 1
        parts = ["["]
        if src.startswith("^", self.pos):
            parts.append("^")
            self.pos += 1
        if src.startswith("]", self.pos):  # a leading ] is a literal in Rust (and Python)
            parts.append("\\]")
            self.pos += 1
        depth = 1
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "\\":
                parts.append(self.escape(in_class=True))
                continue
            posix = re.compile(r"\[:(\^?)([a-zA-Z]+):\]").match(src, self.pos)
            if posix:
                name = posix.group(2).lower()
                if name not in _POSIX or posix.group(1):
                    raise self.fail(f"the POSIX class {posix.group(0)}", "use an explicit class such as [a-z]")
                parts.append(_POSIX[name])
                self.pos = posix.end()
                continue
            if ch == "[":
                if src.startswith("[^", self.pos):
                    raise self.fail("a negated class nested in a class", "list the characters explicitly")
                depth += 1  # Java union: [a-c[x-z]] is [a-cx-z]
                self.pos += 1
                continue
            if src.startswith("&&", self.pos):
                raise self.fail("class intersection (&&)", "list the characters explicitly")
            if ch == "]":
                depth -= 1
                self.pos += 1
                if depth == 0:
                    parts.append("]")
                    return "".join(parts)
                continue
            # Characters Python gives a special meaning (or a warning) when doubled inside a class.
            parts.append("\\" + ch if ch in "-|~&" and src.startswith(ch * 2, self.pos) else ch)
            self.pos += 1
        raise RuleError(f"regex /{src}/ has an unclosed character class; close it with ]")


@functools.lru_cache(maxsize=4096)
def to_python_syntax(pattern: str) -> str:
    """The Python ``re`` spelling of a Java / Rust regex (see the module docstring)."""
    if not any(c in pattern for c in "\\[("):
        return pattern
    return _Translator(pattern).run()
