"""Content types: which metadata key names one, which kind of body a type names, bodies to bytes and back."""

from __future__ import annotations

import decimal
import json
import math
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any, Literal

from pactspec.errors import InputError
from pactspec.model import NO_BODY

__all__ = [
    "CONTENT_TYPE_KEY",
    "MAX_DEPTH",
    "BodyKind",
    "base_type",
    "body_kind",
    "content_type_key",
    "declared_content_type",
    "decode_body",
    "encode_body",
    "finite_float",
    "guess_content_type",
    "indented_json",
    "is_content_type_key",
    "json_depth",
    "json_error",
    "load_json",
    "not_json",
    "reject_constant",
    "sniff_content_type",
    "too_deep",
    "value_depth",
]

# How deeply a message may nest arrays and objects. Readers and matchers walk values recursively, and
# a body 5,000 levels deep (hostile or broken) would end in RecursionError; no real message needs
# more than a few dozen levels.
MAX_DEPTH = 100

BodyKind = Literal["json", "xml", "text", "binary"]

CONTENT_TYPE_KEY = "contentType"
"""The metadata key pactspec writes a content type under, as the Pact reference implementation does."""

# The keys Pact reads a message's content type from: pact_models' lookup_content_type lower-cases
# the key and accepts these two (so contentType, Content-Type, CONTENT-TYPE... are one key).
_CONTENT_TYPE_KEYS = frozenset({"contenttype", "content-type"})


def is_content_type_key(key: object) -> bool:
    """Whether a metadata key names the content type: ``contentType`` or ``content-type``, in any case."""
    return isinstance(key, str) and key.lower() in _CONTENT_TYPE_KEYS


def content_type_key(metadata: Mapping[Any, Any]) -> str | None:
    """The first key of ``metadata`` that names the content type, or ``None``."""
    return next((key for key in metadata if is_content_type_key(key)), None)


def declared_content_type(metadata: Mapping[Any, Any]) -> str | None:
    """The content type metadata declares: the value of its first content-type key holding text."""
    return next((value for key, value in metadata.items()
                 if is_content_type_key(key) and isinstance(value, str) and value), None)

_TEXT_TYPES = {"application/x-www-form-urlencoded", "application/javascript", "application/ecmascript"}


def base_type(content_type: str | None) -> str:
    """``'Application/JSON; charset=utf-8'`` → ``'application/json'``; ``''`` for none."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def body_kind(content_type: str | None) -> BodyKind:
    """Which body engine a content type takes; JSON for none, like the Pact implementations."""
    media = base_type(content_type)
    if not media:
        return "json"
    main, _, sub = media.partition("/")
    if sub == "json" or sub.endswith("+json"):
        return "json"
    if sub == "xml" or sub.endswith("+xml"):
        return "xml"
    if main == "text" or media in _TEXT_TYPES:
        return "text"
    return "binary"


def guess_content_type(body: Any) -> str | None:
    """The content type a body implies when none is given."""
    if body is NO_BODY:
        return None
    if isinstance(body, (bytes, bytearray)):
        return "application/octet-stream"
    if isinstance(body, str):
        stripped = body.strip()
        if stripped.startswith("<?xml") or (stripped.startswith("<") and stripped.endswith(">")):
            return "application/xml"  # as a docstring starting with "<" is XML
        return "text/plain"
    return "application/json"


def encode_body(body: Any, content_type: str | None) -> bytes:
    """Encode a decoded body as bytes for the wire, by content type."""
    if body is NO_BODY:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if body_kind(content_type) == "json" and not (isinstance(body, str) and content_type is None):
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def json_error(exc: json.JSONDecodeError, *, line: bool = True) -> str:
    """``Expecting ',' delimiter at line 3 column 5``: the reader's message with its place.

    Some of its messages end in "at" already (``Unterminated string starting at``), which is not repeated.
    """
    place = f"line {exc.lineno} column {exc.colno}" if line else f"column {exc.colno}"
    return f"{exc.msg.removesuffix(':').removesuffix(' at')} at {place}"


def not_json(value: Any) -> str | None:
    """Where inside ``value`` the first thing JSON cannot hold is, as a sentence, or ``None``.

    ``$.a.amount is Decimal('9.99') (a Decimal), which JSON cannot hold; make it a float, …``: the ``json``
    module's own error names only the type, not the place, and a body can be large.
    """
    found = _first_not_json(value, [])
    if found is None:
        return None
    segments, item, is_key = found
    path = "$" + "".join(_step(segment) for segment in segments)
    if is_key:
        return f"{path} has the key {item!r} (a {type(item).__name__}), which JSON cannot hold; make the key a str"
    if isinstance(item, float):
        return f"{path} is {item}, which JSON cannot hold (it has no infinity or NaN); give a finite number"
    if isinstance(item, decimal.Decimal):
        instead = "make it a float, or a str if every digit matters"
    elif isinstance(item, (set, frozenset)):
        instead = "make it a list"
    elif isinstance(item, (bytes, bytearray)):
        instead = "decode it to a str (or base64-encode it)"
    else:
        instead = "make it a dict, list, str, int, float, bool or None"
    return f"{path} is {item!r} (a {type(item).__name__}), which JSON cannot hold; {instead}"


def _step(segment: str | int) -> str:
    # Pact's path spelling (pactspec.paths, a sibling layer, spells it the same): .name, ['a key'], [0]
    if isinstance(segment, int):
        return f"[{segment}]"
    if segment.isidentifier():
        return f".{segment}"
    return "['" + segment.replace("\\", "\\\\").replace("'", "\\'") + "']"


def _first_not_json(value: Any, segments: list[str | int]) -> tuple[list[str | int], Any, bool] | None:
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else (segments, value, False)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                return segments, key, True
            found = _first_not_json(item, [*segments, key if isinstance(key, str) else json.dumps(key)])
            if found is not None:
                return found
        return None
    if isinstance(value, (list, tuple)):  # json writes a tuple as an array
        for index, item in enumerate(value):
            found = _first_not_json(item, [*segments, index])
            if found is not None:
                return found
        return None
    return segments, value, False


def decode_body(raw: bytes, content_type: str | None) -> Any:
    """Decode wire bytes into the model's body form: JSON value, ``str``, or ``bytes``."""
    if not raw:
        return NO_BODY
    kind = body_kind(content_type)
    if kind == "binary":
        return raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the body is declared as {base_type(content_type) or 'JSON'} but is not UTF-8 text "
            f"(byte {exc.start}); declare a binary content type such as application/octet-stream"
        ) from exc
    if kind != "json":
        return text
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the body is declared as {base_type(content_type) or 'JSON'} but is not valid JSON "
            f"({json_error(exc)}); send JSON or declare another content type"
        ) from exc
    except (ValueError, RecursionError) as exc:  # NaN/Infinity, or nesting deeper than the reader's limit
        raise InputError(
            f"the body is declared as {base_type(content_type) or 'JSON'} but is not valid JSON ({exc}); "
            "send JSON or declare another content type"
        ) from exc


def reject_constant(name: str) -> Any:
    """``json.loads(..., parse_constant=reject_constant)``: NaN and Infinity are not JSON."""
    raise ValueError(f"{name} is not JSON")


def finite_float(text: str) -> float:
    """``json.loads(..., parse_float=finite_float)``: a number too large for a float is not JSON either."""
    value = float(text)
    if math.isinf(value):
        # 1e400 would be read as Infinity, which JSON cannot hold (and NaN / Infinity are refused too)
        raise ValueError(f"the number {text} is too large for JSON: it would be Infinity")
    return value


# Bytes that are neither a bracket nor a quote: deleted before the depth count (bytes.translate, in C)
_NOT_BRACKET_OR_QUOTE = bytes(b for b in range(256) if b not in b'[]{}"')
_QUOTED = re.compile(rb'"[^"]*"')
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth(text: str) -> int:
    """How deeply JSON ``text`` nests arrays and objects, counted without recursion.

    Every step runs in C over the whole text. Escaped backslashes and escaped quotes are dropped
    (left to right, as JSON pairs them), then every byte but brackets and quotes. Adjacent quotes
    go next: a string holding no bracket, or the end of one string and the start of the next with
    nothing between them; either way no bracket changes sides. The few strings left (ones holding
    brackets, such as regexes) go with one regex, and the running sum of +1/-1 per bracket is taken
    by ``accumulate``: a pact file of megabytes costs a small fraction of its parse.
    """
    data = text.encode("utf-8", "surrogatepass")
    if b'\\"' in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    data = data.translate(None, _NOT_BRACKET_OR_QUOTE).replace(b'""', b"")
    if b'"' in data:
        data = _QUOTED.sub(b"", data).replace(b'"', b"")  # the last: an unclosed string, for the parse to name
    return max(accumulate(map(_STEP.__getitem__, data)), default=0)


def value_depth(value: Any) -> int:
    """How deeply a decoded value nests lists and dicts, counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list, tuple)):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def too_deep(depth: int) -> str:
    """The words for a value nested ``depth`` levels, past :data:`MAX_DEPTH`."""
    return f"it nests arrays and objects too deeply: {depth:,} levels, past the limit of {MAX_DEPTH}; flatten it"


def load_json(text: str, *, envelope: int = 0) -> Any:
    """``json.loads`` for message JSON: ValueError for NaN, Infinity, 1e400, or nesting past :data:`MAX_DEPTH`.

    ``envelope``: the levels the text wraps around its messages (a pact file's interactions and parts).
    """
    depth = json_depth(text)
    if depth > MAX_DEPTH + envelope:
        raise ValueError(too_deep(depth))
    return json.loads(text, parse_constant=reject_constant, parse_float=finite_float)


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"RIFF", "audio/x-wav"),
    (b"BM", "image/bmp"),
)


def sniff_content_type(data: bytes | str) -> str | None:
    """Guess a content type from the bytes themselves (magic numbers, then text shape)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    for magic, media in _MAGIC:
        if data.startswith(magic):
            return media
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    stripped = text.lstrip()
    if stripped.startswith("<?xml") or (stripped.startswith("<") and stripped.rstrip().endswith(">")):
        return "application/xml"
    if stripped[:1] in ("{", "[") or stripped in ("null", "true", "false"):
        try:
            json.loads(text)
        except ValueError:
            return "text/plain"
        return "application/json"
    return "text/plain"


_encode_str = json.encoder.encode_basestring  # the C function, as json.dumps(ensure_ascii=False) uses


def indented_json(value: Any) -> str:
    """``json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)``, the same text.

    Python 3.11's C encoder cannot indent, so json.dumps(indent=2) runs its pure-Python encoder, a
    generator per level; this writes plain JSON (str keys, finite floats) in one recursive pass, about
    2.5 times faster on a pact of a thousand interactions, and hands anything else to json.dumps.
    """
    out: list[str] = []
    append = out.append

    def write(item: Any, pad: str) -> None:
        if isinstance(item, str):
            append(_encode_str(item))
        elif isinstance(item, dict):
            if not item:
                append("{}")
                return
            inner = pad + "  "
            separator = "{\n" + inner
            if not all(isinstance(key, str) for key in item):
                raise TypeError("keys that are not text: left to json.dumps")
            for key in sorted(item):
                append(separator)
                append(_encode_str(key))
                append(": ")
                write(item[key], inner)
                separator = ",\n" + inner
            append("\n" + pad + "}")
        elif isinstance(item, (list, tuple)):
            if not item:
                append("[]")
                return
            inner = pad + "  "
            separator = "[\n" + inner
            for element in item:
                append(separator)
                write(element, inner)
                separator = ",\n" + inner
            append("\n" + pad + "]")
        elif item is None or item is True or item is False:
            append("null" if item is None else "true" if item else "false")
        elif isinstance(item, int):
            append(int.__repr__(item))
        elif isinstance(item, float) and math.isfinite(item):
            append(float.__repr__(item))
        else:
            raise TypeError("not plain JSON: left to json.dumps, which writes it or says why it cannot")

    try:
        write(value, "")
    except (TypeError, RecursionError):  # json.dumps writes it its way, or raises its own error
        return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return "".join(out)
