"""pact-go's message consumer example, ported to pactspec's Python API: copy this file next to your tests.

pact-go (examples/message/consumer):

    message := pact.AddAsynchronousMessage()
    message.Given(ProviderState{Name: "User with id 127 exists", Parameters: map[string]any{"id": 127}}).
        ExpectsToReceive("a user event").
        WithMetadata(map[string]string{"Content-Type": "application/json"}).
        WithJSONContent(Map{"datetime": Regex("2020-01-01", "[0-9\\-]+"), "name": S("Billy"),
                            "lastName": S("Sampson"), "id": Integer(12)}).
        AsType(&User{}).
        ConsumedBy(userHandlerWrapper).
        Verify(t)

Run it with ``pytest examples/``; the pact file is written to ``pacts/`` beside the current directory
(here a temporary one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pactspec import ContractError, Message, MessagePact, match


@dataclass
class User:
    """The consumer's own type; ``date`` reads the JSON key ``datetime`` (Go: `json:"datetime"`)."""

    id: int
    name: str
    lastName: str
    date: str = field(metadata={"alias": "datetime"})


def handle_user(user: User, message: Message) -> None:
    """The consumer's handler: it gets the converted User, and the Message because it asks for it."""
    if user.id < 0:
        raise ValueError(f"invalid user id {user.id}")
    assert message.metadata["Content-Type"] == "application/json"


@pytest.fixture
def pact(tmp_path: Path) -> MessagePact:
    return MessagePact("user-service", "user-events", version="4.0", pact_dir=tmp_path / "pacts")


def test_a_user_event(pact: MessagePact) -> None:
    """The consumer handles the user event the provider promises; the pact file records it."""
    with pact:
        (pact.given("User with id 127 exists", id=127)
             .expects_to_receive("a user event")
             .with_metadata({"Content-Type": "application/json", "topic": match.regex("users.v1", r"users\.v[0-9]+")})
             .with_content({"datetime": match.regex("2020-01-01", r"[0-9\-]+"), "name": match.like("Billy"),
                            "lastName": match.like("Sampson"), "id": match.integer(12)})
             .as_type(User)
             .consumed_by(handle_user)
             .verify())
    assert Path(pact.pact_dir, "user-service-user-events.json").exists()


def test_an_impossible_id_is_rejected(pact: MessagePact) -> None:
    """A negative case: the handler must reject it, and it is not written to the pact."""
    (pact.expects_to_receive("a user event with id -1")
         .with_content({"datetime": "2020-01-01", "name": "Nobody", "lastName": "Nobody", "id": match.integer(-1)})
         .as_type(User)
         .consumed_by(handle_user)
         .rejects_with("invalid user id -1")
         .verify())
    assert pact.write() == []


def test_a_handler_that_raises_fails_the_test(pact: MessagePact) -> None:
    """A handler raising on a message the contract allows is a ContractError with where it raised."""
    with pytest.raises(ContractError, match="invalid user id -5"):
        (pact.expects_to_receive("a user event")
             .with_content({"datetime": "2020-01-01", "name": "B", "lastName": "S", "id": match.integer(-5)})
             .as_type(User)
             .consumed_by(handle_user)
             .verify())
