"""Message schemas as the comparator uses them: ``$ref``s inlined, tightened for what a consumer receives,
and validated with ``jsonschema`` into violations located as the comparator locates them.

Three steps, each the comparator's (PactFlow's ``openapi-pact-comparator``), named here so a later
export/import can reuse them:

- :func:`inline_refs` replaces every ``{"$ref": …}`` by what it names (a ``$ref``'s sibling keywords
  are dropped, as the comparator drops them); a ref back to one being inlined becomes ``{}``, which
  accepts anything, so recursive schemas end there.
- :func:`consumer_schema` is the schema for a message the consumer *receives*: every
  ``type: object`` without ``oneOf``/``anyOf``/``allOf`` gets ``additionalProperties: false`` (a
  consumer may not rely on a field the provider does not declare) and ``required`` is dropped
  everywhere but beside ``oneOf`` (a consumer may use a subset).
- :func:`schema_violations` validates with ``jsonschema`` (draft 2019-09, formats checked) and
  reports each violation with the instance path and schema path the comparator's ajv gives:
  one violation per undeclared property, the branches of a failed ``anyOf``/``oneOf`` before it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from jsonschema import Draft201909Validator
from jsonschema.exceptions import SchemaError, ValidationError

from pactspec.asyncapi._document import AsyncAPIDocument, pointer_text
from pactspec.errors import AsyncAPIError

__all__ = [
    "SchemaViolation",
    "compile_validator",
    "consumer_schema",
    "inline_refs",
    "schema_violations",
]

# What the comparator's traversal walks into; other keywords (patternProperties, prefixItems, if/then…)
# are left as written.
_EACH = ("allOf", "oneOf", "anyOf")
_ONE = ("not", "items", "additionalProperties")


def inline_refs(schema: Any, document: AsyncAPIDocument, resolver: Any, base: str,
                where: tuple[str | int, ...], visited: frozenset[str] = frozenset()) -> Any:
    """``schema`` with its ``$ref``s replaced by their targets, across files; a cycle ends in ``{}``."""
    if isinstance(schema, list):
        return [inline_refs(item, document, resolver, base, (*where, i), visited) for i, item in enumerate(schema)]
    if not isinstance(schema, Mapping):
        return schema
    if "$ref" in schema:
        found = document.lookup(schema["$ref"], resolver, base, (*where, "$ref"))
        if found.uri in visited:
            return {}
        return inline_refs(found.contents, document, found.resolver, found.base, (*where, "$ref"),
                           visited | {found.uri})
    return {key: inline_refs(value, document, resolver, base, (*where, key), visited) for key, value in schema.items()}


def _walk(schema: Any) -> Iterator[dict[str, Any]]:
    """Every subschema the comparator's traversal visits, children before their parent."""
    if not isinstance(schema, dict):
        return
    for key in _EACH:
        if isinstance(schema.get(key), list):
            for item in schema[key]:
                yield from _walk(item)
    if isinstance(schema.get("properties"), dict):
        for item in schema["properties"].values():
            yield from _walk(item)
    for key in _ONE:
        yield from _walk(schema.get(key))
    yield schema


def consumer_schema(schema: Any) -> Any:
    """A copy of an inlined schema, tightened for the consumer's side (see the module docstring)."""
    tightened = copy.deepcopy(schema)
    for sub in _walk(tightened):
        if sub.get("nullable") and not sub.get("type"):
            sub["type"] = "object"  # the comparator reads OpenAPI's nullable-without-type as an object
        if (sub.get("additionalProperties", True) is True and not any(k in sub for k in _EACH)
                and sub.get("type") == "object"):
            sub["additionalProperties"] = False
    for sub in _walk(tightened):
        if "oneOf" not in sub:  # a discriminator's required property is what tells the branches apart
            sub.pop("required", None)
    return tightened


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """One way an instance breaks a schema: where in the instance, which keyword where in the schema."""

    instance_path: tuple[str | int, ...]
    schema_path: tuple[str | int, ...]
    keyword: str
    message: str
    value: Any

    @property
    def instance_location(self) -> str:
        """The comparator's suffix for the instance: ``.id``, ``.tags.0`` (ajv's path, dots for slashes)."""
        return "".join("." + str(p).replace("~", "~0").replace("/", "~1") for p in self.instance_path)

    @property
    def schema_location(self) -> str:
        """The comparator's suffix for the schema: ``properties.id.type`` (ajv's, URI-escaped segments)."""
        return ".".join(quote(str(p).replace("~", "~0").replace("/", "~1"), safe="-_.!~*'()")
                        for p in self.schema_path)


def compile_validator(schema: Any, document: AsyncAPIDocument, where: tuple[str | int, ...]) -> Draft201909Validator:
    """A validator for one message schema, once per schema; an invalid schema is an AsyncAPIError."""
    try:
        Draft201909Validator.check_schema(schema)
    except SchemaError as exc:
        raise AsyncAPIError(f"is not a valid JSON Schema: {exc.message} (at {pointer_text(list(exc.absolute_path))} "
                            "of the inlined schema)", source=document.source, where=pointer_text(where)) from exc
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def _undeclared(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    declared = schema.get("properties") or {}
    patterns = list((schema.get("patternProperties") or {}).keys())
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    return [key for key in instance if key not in declared and not any(re.search(p, key) for p in patterns)]


def _violations(errors: Iterable[ValidationError]) -> Iterator[SchemaViolation]:
    for error in errors:
        keyword = str(error.validator)
        path, schema_path = tuple(error.absolute_path), tuple(error.absolute_schema_path)
        if keyword in ("anyOf", "oneOf") and error.context:
            yield from _violations(error.context)  # ajv reports the branches, then the combinator
        if keyword == "additionalProperties" and error.validator_value is False:
            for key in _undeclared(error):
                yield SchemaViolation(path, schema_path, keyword,
                                      f"{key!r} is not a declared property (additionalProperties: false)",
                                      error.instance)
            continue
        yield SchemaViolation(path, schema_path, keyword, error.message, error.instance)


def schema_violations(validator: Draft201909Validator, instance: Any, document: AsyncAPIDocument,
                      where: tuple[str | int, ...]) -> list[SchemaViolation]:
    """Every violation of ``instance`` against the compiled schema, in the comparator's terms."""
    try:
        return list(_violations(validator.iter_errors(instance)))
    except re.error as exc:  # a pattern only fails when it is used
        raise AsyncAPIError(f"has a pattern that is not a valid regular expression ({exc}); fix the schema",
                            source=document.source, where=pointer_text(where)) from exc
