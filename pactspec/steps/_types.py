"""The parse types of pactspec's step patterns, registered once before any step module's patterns.

``{name:PactspecQuoted}`` is a quoted value that never contains a quote, so a shorter step cannot
swallow a longer one: ``it is handled by "{handler:PactspecQuoted}"`` does not match
``it is handled by "a" as "b"`` (behave's default ``{handler}`` would, with ``a" as "b`` as the
handler), whatever order the steps are registered in. Free text a user may quote inside (a message
description, a provider state's name, a rejection's words, a comment, a regular expression) keeps
behave's default type in steps that no longer step extends.
"""

from __future__ import annotations

from behave import register_type

__all__: list[str] = []


def _quoted(text: str) -> str:
    return text


# Non-empty: an empty value ("") is never meant, and behave then reports the step as undefined.
_quoted.pattern = r'[^"]+'  # type: ignore[attr-defined]
register_type(PactspecQuoted=_quoted)
