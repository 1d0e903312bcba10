"""Matching rules: one small frozen class per Pact ``match`` name, parsed from and written to Pact JSON,
and an interaction's rules compiled into a tree keyed by path segment.
"""

from __future__ import annotations

from pactspec.rules._base import Combine, Rule, RuleList
from pactspec.rules._collection import ArrayContains, EachKey, EachValue, Variant
from pactspec.rules._registry import parse_rule, parse_rule_list
from pactspec.rules._tree import Cursor, RuleTree, compile_rules, merge
from pactspec.rules._types import Equality, Type, Values

__all__ = [
    "ArrayContains",
    "Combine",
    "Cursor",
    "EachKey",
    "EachValue",
    "Equality",
    "Rule",
    "RuleList",
    "RuleTree",
    "Type",
    "Values",
    "Variant",
    "compile_rules",
    "merge",
    "parse_rule",
    "parse_rule_list",
]
