"""A consumer test as the suite's message consumer features run it, on pactspec's consumer side.

``ConsumerTest.run`` builds the example message(s) an interaction describes with
:func:`pactspec.consumer._builder.example_message` (generators applied in consumer mode, body decoded as a
handler gets it), hands them to the test's handler the way pactspec calls a consumer handler (the
message; or the request and the list of responses) and, when the handler returns, records the
interaction with :class:`pactspec.consumer._recorder.Recorder` and writes the pact file; a handler that
raises fails the test and nothing is written. Interactions pactspec does not model (the V4 HTTP
one of V4/v4.feature) go straight to :func:`pactspec.pactfile._files.write_pact`, which merges.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactspec import (
    AsynchronousMessage,
    Pact,
    RawInteraction,
    SynchronousMessage,
    load_pact,
    pact_path,
    write_pact,
)
from pactspec.consumer import Recorder, example_message

__all__ = ["ConsumerTest", "load_written_pact"]


@dataclass(slots=True)
class ConsumerTest:
    """One consumer–provider pair whose interactions a scenario defines and runs."""

    consumer: str
    provider: str
    spec_version: str
    pact_dir: Path
    others: list[RawInteraction] = field(default_factory=list)

    def add(self, interaction: RawInteraction) -> None:
        """An interaction pactspec does not run (V4 HTTP), written along with the messages."""
        self.others.append(interaction)

    def run(self, interaction: AsynchronousMessage | SynchronousMessage,
            handler: Callable[..., Any]) -> str | None:
        """Run the handler on the interaction's example messages; ``None`` when it passed, else the error."""
        states = interaction.provider_states
        arguments: tuple[Any, ...]
        if isinstance(interaction, SynchronousMessage):
            arguments = (example_message(interaction.request, states),
                         [example_message(r, states) for r in interaction.responses])
        else:
            arguments = (example_message(interaction.contents, states),)
        try:
            handler(*arguments)
        except Exception as exc:  # noqa: BLE001 - any error from the handler fails the consumer test
            return str(exc)
        version: Any = self.spec_version
        if self.others:
            write_pact(Pact(self.consumer, self.provider, tuple(self.others), spec_version=version), self.pact_dir)
        recorder = Recorder()
        recorder.record(self.pact_dir, self.consumer, self.provider, version, interaction, "compatibility suite")
        recorder.flush()
        return None


def load_written_pact(test: ConsumerTest) -> tuple[Pact, dict[str, Any]] | None:
    """The pact file the test wrote, read by pactspec and as plain JSON; ``None`` when there is none."""
    path = pact_path(test.pact_dir, test.consumer, test.provider)
    if not path.is_file():
        return None
    return load_pact(path), json.loads(path.read_text(encoding="utf-8"))
