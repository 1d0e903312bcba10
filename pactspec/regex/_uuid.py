"""The regexes a UUID matcher is written as, so a mismatch or a page can say "a UUID" instead of the regex."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["UUID_PATTERNS", "uuid_form"]

# The same patterns pact-python's match.uuid() writes, so equal contracts give equal pact files;
# by form: the matcher words' simple|lowercase|uppercase|urn, and "" for either case, hyphenated.
UUID_PATTERNS: Mapping[str, str] = {
    "simple": r"^[0-9a-fA-F]{32}$",
    "lowercase": r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$",
    "uppercase": r"^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$",
    "urn": r"^urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$",
    "": r"^([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12})$",
}
_FORMS = {pattern: form for form, pattern in UUID_PATTERNS.items()}


def uuid_form(regex: str) -> str | None:
    """The UUID form (``""`` for the plain ``uuid`` matcher) whose pattern ``regex`` is, or ``None``."""
    return _FORMS.get(regex)
