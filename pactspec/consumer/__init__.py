"""The consumer side: contracts from Gherkin tables, docstrings, YAML and Python code (:class:`MessagePact`
with the ``match`` and ``generate`` namespaces), the example message handed to the consumer's handler,
and the recorder that writes the pact files.

The YAML front end (``YamlContract``, ``load_contracts``) is imported on first use, with PyYAML:
Gherkin and Python contracts do not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pactspec.consumer import _generate as generate
from pactspec.consumer import _match as match
from pactspec.consumer._builder import ContractBuilder, spec_version_from_tags
from pactspec.consumer._code import MessageBuilder, MessagePact
from pactspec.consumer._contents import (
    ContentRow,
    DocContent,
    FileContent,
    MetadataRow,
    PartBuilder,
    ValueContent,
    build_contents,
)
from pactspec.consumer._convert import convert
from pactspec.consumer._handlers import dispatch, example_message
from pactspec.consumer._lambda import (
    LAMBDA_SOURCES,
    LambdaContext,
    LambdaSource,
    ObjectStore,
    call_lambda,
    lambda_event,
    lambda_source,
)
from pactspec.consumer._language import parse_value
from pactspec.consumer._recorder import Recorder
from pactspec.regex import (
    UUID_PATTERNS,  # the uuid matcher words' patterns, public here since the consumer layer was made
)

if TYPE_CHECKING:
    from pactspec.consumer._yaml import YamlContract, load_contracts


def __getattr__(name: str) -> Any:
    if name in ("YamlContract", "load_contracts"):
        from pactspec.consumer import _yaml

        return getattr(_yaml, name)
    raise AttributeError(f"module 'pactspec.consumer' has no attribute {name!r}")


__all__ = [
    "LAMBDA_SOURCES",
    "UUID_PATTERNS",
    "ContentRow",
    "ContractBuilder",
    "DocContent",
    "FileContent",
    "LambdaContext",
    "LambdaSource",
    "MessageBuilder",
    "MessagePact",
    "MetadataRow",
    "ObjectStore",
    "PartBuilder",
    "Recorder",
    "ValueContent",
    "YamlContract",
    "build_contents",
    "call_lambda",
    "convert",
    "dispatch",
    "example_message",
    "generate",
    "lambda_event",
    "lambda_source",
    "load_contracts",
    "match",
    "parse_value",
    "spec_version_from_tags",
]
