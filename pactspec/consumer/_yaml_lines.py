"""YAML read safely with the line of every key and item, for errors that say where to fix.

PyYAML's ``SafeLoader`` (never the full loader), plus: mappings and sequences that remember their
lines (:class:`LineMapping`, :class:`LineSequence`), duplicate keys refused, and YAML 1.1's implicit
dates and yes/no booleans switched off so that ``2020-01-01`` and ``no`` stay text, as in a Gherkin
table. Every problem is a :class:`pactspec.errors.ContractSyntaxError` with file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from pactspec.content import MAX_DEPTH
from pactspec.errors import ContractSyntaxError

__all__ = ["MAX_ALIAS_VALUES", "LineMapping", "LineSequence", "describe_kind", "load_yaml", "plain"]


class LineMapping(dict):
    """A YAML mapping that remembers the line of each key."""

    line: int = 0
    lines: dict[Any, int]


class LineSequence(list):
    line: int = 0
    lines: list[int]


# Bounds that keep a hostile contract from exhausting the stack or memory: nesting deeper than the
# messages' own limit (PyYAML composes recursively: 100k levels end in RecursionError), and aliases
# that expand to more values than this (billion laughs: nine anchors of ten aliases each are 10⁹ values
# once a contract's example is written out as JSON).
MAX_ALIAS_VALUES = 10_000
_NON_JSON_TAGS = ("binary", "set", "omap", "pairs", "timestamp")


class _Loader(yaml.SafeLoader):
    """SafeLoader that records lines, refuses duplicate keys, and keeps dates and yes/no as text.

    It also counts while composing: nesting depth, and the values aliases stand for, both bounded.
    """

    def __init__(self, stream: str, name: str) -> None:
        try:
            super().__init__(stream)
        except yaml.reader.ReaderError as exc:  # a NUL or other control character, refused before parsing
            line = stream.count("\n", 0, exc.position) + 1
            raise ContractSyntaxError(f"this line holds the control character U+{exc.character:04X}, which YAML "
                                      "does not allow; remove it, or write it as an escape such as \"\\0\" "
                                      "inside double quotes", filename=name, line=line) from None
        self.name = name
        self._depth = 0
        self._alias_values = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:
                raise ContractSyntaxError(f"the alias *{event.anchor} refers to the value it is inside; JSON "
                                          "cannot hold a value that contains itself, so write the value out",
                                          filename=self.name, line=line)
            self._alias_values += size
            if self._alias_values > MAX_ALIAS_VALUES:
                raise ContractSyntaxError(
                    f"the YAML aliases up to here (the last *{event.anchor}) stand for more than "
                    f"{MAX_ALIAS_VALUES:,} values, the limit; write the values out or use fewer aliases",
                    filename=self.name, line=line)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise ContractSyntaxError(f"this YAML nests more than {MAX_DEPTH} levels deep, the limit; "
                                      "flatten it", filename=self.name, line=line)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = []
        self._sizes[id(node)] = 1 + sum(self._sizes.get(id(child), 1) for child in children)
        return node


def _refuse_tag(loader: _Loader, node: yaml.Node) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    # The same words as for tags that build Python objects (load_yaml), for tags that build non-JSON values.
    raise ContractSyntaxError(f"YAML tags that build non-JSON values are not allowed (this line has the tag "
                              f"!!{tag}); a contract holds plain values: remove the tag, or quote the value if "
                              "it is text", filename=loader.name, line=node.start_mark.line + 1)


for _tag in _NON_JSON_TAGS:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


_REPLACED = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
             "tag:yaml.org,2002:float")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Numbers as YAML 1.2's core schema reads them, not YAML 1.1's: 12:30:00 (1.1 base 60 → 45000), 1_000
# (1.1 → 1000) and 0b101 stay text. Kept as numbers because 1.2 core agrees: decimal integers, 0x1F
# (hexadecimal) and 0o17 (octal, 1.2's spelling; 1.1's 017 stays text, as does any decimal with a
# leading zero such as 0123, which 1.1 read as octal: zip codes and ids keep their digits), floats with
# a point or an exponent (1.5, 1e3), and .inf/.nan (which a contract then refuses: JSON cannot hold them).
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineMapping:
    loader.flatten_mapping(node)
    mapping = LineMapping()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise ContractSyntaxError("a mapping key must be text", filename=loader.name, line=line)
        if key in mapping:
            raise ContractSyntaxError(f"the key {key!r} appears twice (first at line {mapping.lines[key]}); "
                                      "keep one", filename=loader.name, line=line)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineSequence:
    sequence = LineSequence(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """The YAML document in ``path``, with lines; ``ContractSyntaxError`` (file:line) when it cannot be read."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractSyntaxError(f"cannot read the contract: {exc}", filename=name) from exc
    loader = _Loader(text, name)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        tag = _UNKNOWN_TAG.search(problem)
        if tag:
            # safe loading refuses them; the indentation advice below would send the user the wrong way
            what = ("YAML tags that build Python objects are not allowed" if "python/" in tag.group(1)
                    else "YAML tags are not allowed")
            raise ContractSyntaxError(f"{what} (this line has the tag {_shown_tag(tag.group(1))}); a contract holds "
                                      "plain values: remove the tag, or quote the value if it is text",
                                      filename=name, line=line) from exc
        if "'\\t'" in problem:
            raise ContractSyntaxError("this line is indented with a tab; YAML indents with spaces only, so "
                                      "replace the tab with spaces", filename=name, line=line) from exc
        raise ContractSyntaxError(f"this is not valid YAML ({problem}); check the indentation and quoting "
                                  "(quote regexes and text that starts with { [ * & ! | > % @)",
                                  filename=name, line=line) from exc
    except yaml.YAMLError as exc:
        raise ContractSyntaxError(f"this is not valid YAML ({exc})", filename=name) from exc
    finally:
        loader.dispose()


_UNKNOWN_TAG = re.compile(r"could not determine a constructor for the tag '([^']*)'")


def _shown_tag(tag: str) -> str:
    """``tag:yaml.org,2002:python/object/apply:os.system`` as the user wrote it, ``!!python/object/apply:os.system``."""
    prefix = "tag:yaml.org,2002:"
    return f"!!{tag[len(prefix):]}" if tag.startswith(prefix) else tag


def describe_kind(value: Any) -> str:
    """What a YAML value is, in the words of the YAML a user wrote."""
    if isinstance(value, str):
        return f"the text {value!r}" if value.strip() else "empty text"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def plain(value: Any) -> Any:
    """Drop the line-number subclasses so examples compare and serialise as plain JSON values."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
