"""pactspec.asyncapi._schema: refs inlined, the consumer's tightened schema, violations located as ajv does."""

from __future__ import annotations

from pathlib import Path

from pactspec.asyncapi import (
    compile_validator,
    consumer_schema,
    inline_refs,
    load_document,
    schema_violations,
)


def _document(tmp_path: Path, schemas: str) -> object:
    path = tmp_path / "asyncapi.yaml"
    path.write_text(f"asyncapi: 3.0.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n{schemas}")
    return load_document(path)


class TestConsumerSchema:
    def test_objects_are_closed_and_required_dropped(self) -> None:
        """Every object (nested, in arrays, in additionalProperties) gets additionalProperties false; required goes."""
        schema = {"type": "object", "required": ["a"], "properties": {
            "a": {"type": "object", "required": ["b"], "properties": {"b": {"type": "string"}}},
            "list": {"type": "array", "items": {"type": "object", "properties": {}}}}}
        assert consumer_schema(schema) == {"type": "object", "additionalProperties": False, "properties": {
            "a": {"type": "object", "additionalProperties": False, "properties": {"b": {"type": "string"}}},
            "list": {"type": "array", "items": {"type": "object", "properties": {}, "additionalProperties": False}}}}

    def test_combinators_and_declared_additional_properties_are_kept(self) -> None:
        """An object with oneOf keeps its required (the discriminator); explicit additionalProperties stays."""
        schema = {"type": "object", "required": ["kind"], "oneOf": [{"type": "object", "required": ["x"]}],
                  "properties": {"m": {"type": "object", "additionalProperties": {"type": "integer"}}}}
        tightened = consumer_schema(schema)
        assert tightened["required"] == ["kind"] and "additionalProperties" not in tightened
        assert tightened["oneOf"] == [{"type": "object", "additionalProperties": False}]
        assert tightened["properties"]["m"]["additionalProperties"] == {"type": "integer"}

    def test_the_original_is_not_changed(self) -> None:
        """Tightening works on a copy: the provider's side (a request) still sees the schema as written."""
        schema = {"type": "object", "required": ["a"]}
        consumer_schema(schema)
        assert schema == {"type": "object", "required": ["a"]}


class TestInlineRefs:
    def test_a_recursive_schema_ends_in_an_empty_schema(self, tmp_path: Path) -> None:
        """A ref back to a schema being inlined becomes {} (accepts anything), as in the comparator."""
        document = _document(tmp_path, "    Node:\n      type: object\n      properties:\n"
                                       "        next: {$ref: '#/components/schemas/Node'}\n")
        inlined = inline_refs({"$ref": "#/components/schemas/Node"}, document, document.resolver(), document.uri, ())
        assert inlined == {"type": "object", "properties": {"next": {}}}

    def test_sibling_keywords_of_a_ref_are_dropped(self, tmp_path: Path) -> None:
        """{$ref, description} is what the ref names: the comparator drops a ref's siblings."""
        document = _document(tmp_path, "    Id: {type: integer}\n")
        inlined = inline_refs({"$ref": "#/components/schemas/Id", "minimum": 5}, document, document.resolver(),
                              document.uri, ())
        assert inlined == {"type": "integer"}


class TestViolations:
    def test_one_violation_per_undeclared_property(self, tmp_path: Path) -> None:
        """additionalProperties false gives one violation per extra key, at the object (as ajv reports it)."""
        document = _document(tmp_path, "    X: {}\n")
        validator = compile_validator({"type": "object", "properties": {"a": {}}, "patternProperties": {"^x-": {}},
                                       "additionalProperties": False}, document, ())
        found = schema_violations(validator, {"a": 1, "b": 2, "x-c": 3, "d": 4}, document, ())
        assert [(v.keyword, v.instance_location, v.schema_location) for v in found] == [
            ("additionalProperties", "", "additionalProperties")] * 2
        assert ["'b'" in v.message for v in found] == [True, False]

    def test_paths_escape_as_ajv_does(self, tmp_path: Path) -> None:
        """Keys with / and spaces: ~1 in the instance path, URI-escaped in the schema path."""
        document = _document(tmp_path, "    X: {}\n")
        validator = compile_validator({"properties": {"a/b c": {"type": "string"}}}, document, ())
        (found,) = schema_violations(validator, {"a/b c": 1}, document, ())
        assert (found.instance_location, found.schema_location) == (".a~1b c", "properties.a~1b%20c.type")
