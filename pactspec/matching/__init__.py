"""Deciding whether an actual message satisfies an expected one: bodies (JSON, XML, text), metadata.
"""

from __future__ import annotations

from pactspec.matching._message import (
    CompiledContents,
    compile_contents,
    contents_from_message_json,
    match_body,
    match_contents,
    match_message,
)

__all__ = [
    "CompiledContents",
    "compile_contents",
    "contents_from_message_json",
    "match_body",
    "match_contents",
    "match_message",
]
