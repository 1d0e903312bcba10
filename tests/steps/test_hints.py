"""The "did you mean" for misspelt pactspec steps."""

from __future__ import annotations

import pytest

from pactspec.steps._hints import suggest_step

PATTERNS = [
    '"{consumer:PactspecQuoted}" consumes messages from "{provider:PactspecQuoted}"',
    'it is handled by "{handler:PactspecQuoted}"',
    'the message "{description}" is received',
    'the provider state "{name}" with:',
    "the content matches:",
    'it is handled by "{handler}" as "{as_type}"',
]


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ('the mesage "m13" is received', 'the message "m13" is received'),
        ('the provider stat "User 127 exists" with:', 'the provider state "User 127 exists" with:'),
        ("the content matche:", "the content matches:"),
        ('it is handeld by "a:b" as "c:D"', 'it is handled by "a:b" as "c:D"'),
        ("it is handled by app.h:ok", 'it is handled by "app.h:ok"'),
        ('it is handled by app.h:ok as "app:T"', 'it is handled by "app.h:ok" as "app:T"'),
        ("the message a user event is received", 'the message "a user event" is received'),
        ('"" consumes messages from "user-events"', '"<consumer>" consumes messages from "user-events"'),
        ('it is handled by "a:b" as ""', 'it is handled by "a:b" as "<as_type>"'),
    ],
)
def test_a_near_miss_gets_the_step_it_meant_with_its_own_values(text: str, meant: str) -> None:
    """The suggestion is the pactspec step, with the user's quoted values put back in their places."""
    assert suggest_step(text, PATTERNS) == meant


def test_a_step_unlike_any_pactspec_step_gets_no_suggestion() -> None:
    """The user's own undefined steps are left to behave's snippet."""
    assert suggest_step('the basket "b1" is emptied', PATTERNS) is None
