"""Matching XML bodies with Pact's XML paths: ``$.root.child``, ``$.root.child['@attr']``, ``…['#text']``.

The semantics are the Pact reference implementation's (pact_matching ``xml.rs``): children are
grouped by (namespace-qualified) name and compared group by group in document order, so the order
of differently named children does not matter; under a ``type`` rule every actual child of a name is
compared with the first expected child of that name; extra attributes and children are allowed
unless the walk forbids unexpected keys (HTTP requests). Element paths carry names, not indexes.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from pactspec.mismatch import Mismatch
from pactspec.rules import Cursor, Equality, RuleTree, Type, Values, merge

__all__ = ["match_xml", "parse_xml"]

Element = ElementTree.Element


def parse_xml(text: str | bytes) -> Element:
    """Parse an XML document; DTD entity declarations are refused (entity expansion attacks)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if b"<!ENTITY" in raw:
        raise ValueError("XML entity declarations are not accepted")
    parser = ElementTree.XMLParser()
    parser.feed(raw)
    return parser.close()


def _bytes(document: str | bytes) -> bytes:
    return document.encode("utf-8") if isinstance(document, str) else bytes(document)


def _name(tag: str) -> str:
    """``{urn:x}name`` → ``urn:x:name``, as the reference names qualified elements and attributes."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return f"{namespace}:{local}"
    return tag


def _text(element: Element) -> str:
    parts = [element.text or ""] + [child.tail or "" for child in element]
    return "".join(part.strip() for part in parts)


def _render(segments: list[str]) -> str:
    out = "$"
    for segment in segments:
        if segment.startswith("@") or not all(c.isalnum() or c in "_-:#" for c in segment):
            out += "['" + segment.replace("'", "\\'") + "']"
        else:
            out += "." + segment
    return out


def match_xml(
    expected: str | bytes, actual: str | bytes, tree: RuleTree, *, allow_unexpected_keys: bool = True
) -> list[Mismatch]:
    """All differences between two XML documents (empty: they match).

    A ``contentType`` rule at ``$`` checks the whole document's bytes and nothing is walked: it is
    not cascaded to elements, attributes or text (``$.a.#text`` holding ``1`` is not a document).
    """
    if tree.whole_body is not None:
        return tree.match_whole_body(_bytes(expected), _bytes(actual), shown=(expected, actual))
    mismatches: list[Mismatch] = []
    try:
        expected_root = parse_xml(expected)
    except (ElementTree.ParseError, ValueError) as exc:
        mismatches.append(Mismatch("$", expected, actual, f"Failed to parse the expected body: '{exc}'"))
    try:
        actual_root = parse_xml(actual)
    except (ElementTree.ParseError, ValueError) as exc:
        mismatches.append(Mismatch("$", expected, actual, f"Failed to parse the actual body: '{exc}'"))
    if mismatches:
        return mismatches
    walker = _XmlWalker(allow_unexpected_keys)
    name = _name(expected_root.tag)
    walker.element([name], expected_root, actual_root, _child(tree.root, name, 0))
    return walker.mismatches


class _XmlWalker:
    __slots__ = ("allow_unexpected", "mismatches")

    def __init__(self, allow_unexpected: bool) -> None:
        self.mismatches: list[Mismatch] = []
        self.allow_unexpected = allow_unexpected

    def fail(self, path: list[str], expected: Any, actual: Any, message: str) -> None:
        self.mismatches.append(Mismatch(_render(path), expected, actual, message, "body"))

    def element(self, path: list[str], expected: Element, actual: Element, cursor: Cursor) -> None:
        if cursor.rules is not None:
            messages = cursor.rules.apply(
                lambda rule: _check_element(rule, expected, actual, cursor.cascaded)
            )
        elif expected.tag != actual.tag:
            messages = [f"Expected '{_name(expected.tag)}' to be equal to '{_name(actual.tag)}'"]
        else:
            messages = []
        if messages:
            for message in messages:
                self.fail(path, _name(expected.tag), _name(actual.tag), message)
            return
        self.attributes(path, expected, actual, cursor)
        self.children(path, expected, actual, cursor)
        self.text(path, expected, actual, cursor)

    def attributes(self, path: list[str], expected: Element, actual: Element, cursor: Cursor) -> None:
        want = {_name(k): v for k, v in expected.attrib.items()}
        got = {_name(k): v for k, v in actual.attrib.items()}
        if not want and got and not self.allow_unexpected:
            self.fail(path, want, got, f"Did not expect any attributes but received {_dump(got)}")
            return
        if self.allow_unexpected and len(want) > len(got):
            message = f"Expected at least {len(want)} attribute(s) but received {len(got)} attribute(s)"
            self.fail(path, want, got, message)
        elif not self.allow_unexpected and len(want) != len(got):
            message = f"Expected {len(want)} attribute(s) but received {len(got)} attribute(s)"
            self.fail(path, want, got, message)
        for key in sorted(want):
            value = want[key]
            attr_path = [*path, "@" + key]
            if key not in got:
                self.fail(attr_path, key, None, f"Expected attribute '{key}'='{value}' but was missing")
                continue
            self.value(attr_path, value, got[key], cursor.step("@" + key))

    def value(self, path: list[str], expected: str, actual: str, cursor: Cursor) -> None:
        rules = cursor.rules
        if rules is None:
            if expected != actual:
                self.fail(path, expected, actual, f"Expected '{actual}' to be equal to '{expected}'")
            return
        for message in rules.apply(lambda rule: rule.check_text(expected, actual, cursor.cascaded)):
            self.fail(path, expected, actual, message)

    def text(self, path: list[str], expected: Element, actual: Element, cursor: Cursor) -> None:
        want, got = _text(expected), _text(actual)
        text_cursor = cursor.step("#text")
        rules = text_cursor.rules
        if rules is None:
            messages = [] if want == got else [f"Expected '{got}' to be equal to '{want}'"]
        else:
            messages = rules.apply(lambda rule: rule.check_text(want, got, text_cursor.cascaded))
        for message in messages:
            self.fail([*path, "#text"], want, got, message)

    def children(self, path: list[str], expected: Element, actual: Element, cursor: Cursor) -> None:
        want, got = list(expected), list(actual)
        described_want = ", ".join(_name(c.tag) for c in want)
        described_got = ", ".join(_name(c.tag) for c in got)
        if not want and got and not self.allow_unexpected:
            self.fail(
                path, described_want, described_got, f"Expected no children but received [{described_got}]"
            )
            return
        want_by_name: dict[str, list[Element]] = {}
        for child in want:
            want_by_name.setdefault(_name(child.tag), []).append(child)
        got_by_name: dict[str, list[Element]] = {}
        for child in got:
            got_by_name.setdefault(_name(child.tag), []).append(child)
        for key in sorted(got_by_name):
            group = got_by_name[key]
            child_path = [*path, key]
            child_cursor = _child(cursor, key, 0)
            expected_group = want_by_name.pop(key, None)
            if expected_group is None:
                if not self.allow_unexpected or child_cursor.type_defined:
                    self.fail(path, described_want, described_got, f"Unexpected child <{key}/>")
                continue
            if child_cursor.type_defined:
                for index, child in enumerate(group):
                    self.element(child_path, expected_group[0], child, _child(cursor, key, index))
                continue
            for index in range(max(len(expected_group), len(group))):
                if index >= len(group):
                    message = f"Expected child <{key}/> but was missing"
                    self.fail(child_path, described_want, described_got, message)
                elif index >= len(expected_group):
                    if not self.allow_unexpected:
                        self.fail(child_path, described_want, described_got, f"Unexpected child <{key}/>")
                else:
                    self.element(child_path, expected_group[index], group[index], _child(cursor, key, index))
        for key in sorted(want_by_name):
            self.fail(path, described_want, described_got, f"Expected child <{key}/> but was missing")


def _child(cursor: Cursor, name: str, index: int) -> Cursor:
    """Rules may name a child ``$.a.b`` or, treating repeated children as an array, ``$.a[*].b``."""
    return merge(cursor.step(name), cursor.step(index).step(name))


def _dump(mapping: dict[str, str]) -> str:
    return json.dumps(mapping, sort_keys=True, ensure_ascii=False)


def _check_element(rule: Any, expected: Element, actual: Element, cascaded: bool) -> str | None:
    """A rule applied to an element itself: its name, or its number of children."""
    if isinstance(rule, Type):
        if rule.min is None and rule.max is None:
            if expected.tag == actual.tag:
                return None
            return f"Expected '{_name(expected.tag)}' to be the same type as '{_name(actual.tag)}'"
        count = len(actual)
        if not cascaded and rule.min is not None and count < rule.min:
            return f"Expected '{_name(actual.tag)}' to have at least {rule.min} children"
        if not cascaded and rule.max is not None and count > rule.max:
            return f"Expected '{_name(actual.tag)}' to have at most {rule.max} children"
        return None
    if isinstance(rule, (Equality, Values)):
        if expected.tag == actual.tag:
            return None
        return f"Expected '{_name(expected.tag)}' to be equal to '{_name(actual.tag)}'"
    if getattr(rule, "name", "") == "notEmpty":
        return (
            None
            if len(actual) or _text(actual)
            else f"Expected '{_name(actual.tag)}' to have at least one child"
        )
    # Value rules (regex, integer, date, include…) written at an element's path are meant for its
    # text, where they cascade (the pact-specification cases expect `$.a.b` regex to check <b>'s
    # text); the element itself passes.
    return None
