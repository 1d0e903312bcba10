"""The consumer side: contracts from Gherkin tables, docstrings and YAML, the example message handed to
the consumer's handler, and the recorder that writes the pact files.
"""

from __future__ import annotations

from pactspec.consumer._builder import ContractBuilder, spec_version_from_tags
from pactspec.consumer._contents import (
    ContentRow,
    DocContent,
    FileContent,
    MetadataRow,
    PartBuilder,
    build_contents,
)
from pactspec.consumer._handlers import example_message
from pactspec.consumer._language import parse_value
from pactspec.consumer._recorder import Recorder
from pactspec.consumer._yaml import YamlContract, load_contracts
from pactspec.regex import (
    UUID_PATTERNS,  # the uuid matcher words' patterns, public here since the consumer layer was made
)

__all__ = [
    "UUID_PATTERNS",
    "ContentRow",
    "ContractBuilder",
    "DocContent",
    "FileContent",
    "MetadataRow",
    "PartBuilder",
    "Recorder",
    "YamlContract",
    "build_contents",
    "example_message",
    "load_contracts",
    "parse_value",
    "spec_version_from_tags",
]
