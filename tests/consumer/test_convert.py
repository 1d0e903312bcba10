"""as / as_type: the example converted to the consumer's type, field types checked, one dispatch rule."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any, Literal

import pydantic
import pytest

from pactspec.consumer._convert import convert
from pactspec.consumer._handlers import dispatch
from pactspec.errors import InputError
from pactspec.model import Message


@dataclass
class User:
    id: int
    name: str
    date: str = field(metadata={"alias": "datetime"})


class Colour(enum.Enum):
    RED = "red"


@dataclass
class Order:
    lines: list[User]
    by_sku: dict[str, int]
    price: float
    state: Literal["open", "closed"]
    colour: Colour
    day: dt.date
    note: str | None = None


class Model(pydantic.BaseModel):
    id: int
    when: str = pydantic.Field(alias="datetime")


class Plain:
    def __init__(self, **fields: Any) -> None:
        self.fields = fields


class TestConvert:
    def test_a_field_takes_its_json_key_from_its_alias(self) -> None:
        """field(metadata={"alias": "datetime"}) reads the JSON key datetime into the field date."""
        assert convert({"id": 1, "name": "B", "datetime": "2020"}, User) == User(1, "B", "2020")

    @pytest.mark.parametrize(("body", "says"), [
        ({"id": "1", "name": "B", "datetime": "x"}, "$.id is '1' (str), not an int"),
        ({"id": True, "name": "B", "datetime": "x"}, "$.id is True (bool), not an int"),
        ({"id": 1, "name": 2, "datetime": "x"}, "$.name is 2 (int), not a str"),
        ({"id": 1, "name": "B"}, "$.datetime is missing, and User needs it"),
        ({"id": 1, "name": "B", "datetime": "x", "extra": 1}, "$.extra is not a field of User"),
    ])
    def test_a_wrong_field_names_its_json_path(self, body: dict[str, Any], says: str) -> None:
        """Field types are checked: the error names the JSON path and the value with its type."""
        with pytest.raises(InputError) as caught:
            convert(body, User)
        assert says in str(caught.value)
        assert str(caught.value).startswith("the example cannot be converted to tests.consumer.test_convert:User")

    def test_nested_containers_literals_enums_and_dates(self) -> None:
        """Lists of dataclasses, typed dicts, Literal, Enum, ISO dates and Optional convert and check."""
        order = convert({"lines": [{"id": 1, "name": "B", "datetime": "x"}], "by_sku": {"A": 2}, "price": 3,
                         "state": "open", "colour": "red", "day": "2024-05-01"}, Order)
        assert order == Order([User(1, "B", "x")], {"A": 2}, 3.0, "open", Colour.RED, dt.date(2024, 5, 1))
        with pytest.raises(InputError, match=r"\$\.lines\[0\]\.id is 'x' \(str\), not an int"):
            convert({"lines": [{"id": "x", "name": "B", "datetime": "x"}], "by_sku": {}, "price": 1,
                     "state": "open", "colour": "red", "day": "2024-05-01"}, Order)
        with pytest.raises(InputError, match=r"\$\.state is 'gone' \(str\), not one of 'open', 'closed'"):
            convert({"lines": [], "by_sku": {}, "price": 1, "state": "gone", "colour": "red", "day": "2024-05-01"},
                    Order)

    def test_a_pydantic_model_validates_with_its_own_rules_and_aliases(self) -> None:
        """A pydantic model converts by model_validate; its error names the JSON path."""
        assert convert({"id": 1, "datetime": "2020"}, Model) == Model(id=1, datetime="2020")
        with pytest.raises(InputError, match=r"\$\.id: Input should be a valid integer"):
            convert({"id": "x", "datetime": "2020"}, Model)

    def test_any_class_taking_keyword_arguments(self) -> None:
        """A plain class is called with the object's keys."""
        assert convert({"a": 1}, Plain).fields == {"a": 1}


def handles_message(message: Message) -> None: ...


def handles_object(user: User) -> None: ...


def handles_object_and_message(user: User, message: Message) -> None: ...


class TestDispatch:
    MESSAGE = Message(User(1, "B", "x"))

    def test_a_first_parameter_annotated_message_gets_the_message(self) -> None:
        """Today's behaviour: the Message, its body converted."""
        assert dispatch(handles_message, self.MESSAGE, converted=True) == ((self.MESSAGE,), {})

    def test_any_other_handler_gets_the_object(self) -> None:
        """The converted object, and the Message as keyword message when the handler declares it."""
        assert dispatch(handles_object, self.MESSAGE, converted=True) == ((self.MESSAGE.body,), {})
        assert dispatch(handles_object_and_message, self.MESSAGE, converted=True) == (
            (self.MESSAGE.body,), {"message": self.MESSAGE})

    def test_without_as_every_handler_gets_the_message(self) -> None:
        """No conversion, no change: an unannotated handler still gets the Message."""
        assert dispatch(handles_object, self.MESSAGE, converted=False) == ((self.MESSAGE,), {})
