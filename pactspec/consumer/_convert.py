"""``as`` / ``as_type``: an example's JSON object converted to the consumer's own type, for every front end.

- a pydantic model (anything with ``model_validate``) validates with its own rules and aliases;
- a dataclass is built field by field, through Optional, unions, ``Literal``, lists, tuples, sets and
  dicts, nested dataclasses included. A field takes its JSON key from its metadata
  (``field(metadata={"alias": "datetime"})``, like Go's json tags), and each value is checked
  against the field's type: ``"1"`` does not go into an ``int``. A wrong value fails naming its JSON
  path. ``date``/``datetime``/``time`` fields take ISO text and enums their value; other classes
  take the value as it is;
- any other class is called with the object's keys as keyword arguments.

Every failure is an :class:`~pactspec.errors.InputError` naming the type and what to change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from typing import Any

from pactspec.errors import InputError

__all__ = ["convert", "type_name"]

ALIAS = "alias"  # the dataclass field metadata key naming the field's JSON key


def type_name(kind: Any) -> str:
    """``module:Qualname`` of a type, as an ``as`` reference names it."""
    return f"{getattr(kind, '__module__', '?')}:{getattr(kind, '__qualname__', repr(kind))}"


def _wrong(path: str, problem: str) -> InputError:
    """A value that does not fit its field, at a JSON path (:func:`convert` puts it into one sentence)."""
    return InputError(f"{path} {problem}")


def convert(body: Any, as_type: Callable[..., Any]) -> Any:
    """``body`` (a decoded JSON object) as an instance of ``as_type``; :class:`InputError` says what to fix."""
    name = type_name(as_type)
    fix = f'make the example fit {name}, or remove as "{name}"'
    validate = getattr(as_type, "model_validate", None)
    if callable(validate):  # pydantic: its own validation, aliases and error locations
        try:
            return validate(body)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            raise InputError(f"the example cannot be converted to {name} ({_pydantic_problem(exc)}); {fix}") from exc
    if not isinstance(body, dict):
        raise InputError(f"the message body is {type(body).__name__}, not a JSON object, so it cannot be "
                         f'converted to {name}; remove as "{name}" or make the content a JSON object')
    try:
        if dataclasses.is_dataclass(as_type) and isinstance(as_type, type):
            return _dataclass(as_type, body, "$")
        if isinstance(as_type, type) and as_type not in (dict, object):
            return as_type(**body)  # a plain class taking keyword arguments: its fields are not typed for us
        return _build(as_type, body, "$")
    except InputError as exc:
        raise InputError(f"the example cannot be converted to {name}: {exc}; {fix}") from None
    except TypeError as exc:
        raise InputError(f"the example cannot be converted to {name} ({exc}); make the example's fields "
                         f'the parameters {name} takes, or remove as "{name}"') from exc


def _pydantic_problem(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    try:
        first = errors()[0] if callable(errors) else None
    except Exception:  # noqa: BLE001 - any other ValueError: its text
        first = None
    if not isinstance(first, dict):
        return str(exc).splitlines()[0]
    path = "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first.get("loc", ()))
    return f"{path}: {first.get('msg', exc)}"


def _dataclass(kind: type, value: dict[str, Any], path: str) -> Any:
    hints = _field_types(kind)
    fields = {f.metadata.get(ALIAS, f.name): f for f in dataclasses.fields(kind) if f.init}
    arguments = {}
    for key, item in value.items():
        found = fields.get(key)
        if found is None:
            known = ", ".join(repr(k) for k in fields)
            raise _wrong(f"{path}.{key}", f"is not a field of {kind.__qualname__} (its fields are {known})")
        arguments[found.name] = _build(hints.get(found.name, Any), item, f"{path}.{key}")
    missing = [key for key, f in fields.items() if f.name not in arguments
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise _wrong(f"{path}.{missing[0]}", f"is missing, and {kind.__qualname__} needs it")
    return kind(**arguments)


_SCALARS: dict[Any, tuple[str, Callable[[Any], bool]]] = {
    int: ("an int", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    float: ("a float", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
    str: ("a str", lambda v: isinstance(v, str)),
    bool: ("a bool", lambda v: isinstance(v, bool)),
    type(None): ("null", lambda v: v is None),
}


def _build(kind: Any, value: Any, path: str) -> Any:
    """``value`` as the type ``kind`` names, through Optional, unions, Literal, containers and dataclasses."""
    if kind is Any or kind is None or isinstance(kind, (typing.TypeVar, str)):
        return value
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Annotated:
        return _build(args[0], value, path)
    if origin is typing.Literal:
        if value in args:
            return value
        raise _wrong(path, f"is {_describe(value)}, not one of {', '.join(repr(a) for a in args)}")
    if origin in (typing.Union, types.UnionType):
        for option in args:
            try:
                return _build(option, value, path)
            except InputError:
                continue  # the next alternative may fit
        raise _wrong(path, f"is {_describe(value)}, which fits none of {_shown(kind)}")
    if kind in _SCALARS:
        what, fits = _SCALARS[kind]
        if not fits(value):
            raise _wrong(path, f"is {_describe(value)}, not {what}")
        return float(value) if kind is float else value
    if kind in (list, tuple, set, frozenset) or origin in (list, tuple, set, frozenset):
        container = origin or kind
        if not isinstance(value, list):
            raise _wrong(path, f"is {_describe(value)}, not a JSON array for {_shown(kind)}")
        if not args:
            return container(value)
        if container is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return tuple(_build(args[i], item, f"{path}[{i}]") if i < len(args) else item
                         for i, item in enumerate(value))
        return container(_build(args[0], item, f"{path}[{i}]") for i, item in enumerate(value))
    if kind is dict or origin is dict:
        if not isinstance(value, dict):
            raise _wrong(path, f"is {_describe(value)}, not a JSON object for {_shown(kind)}")
        if len(args) != 2:
            return dict(value)
        return {key: _build(args[1], item, f"{path}.{key}") for key, item in value.items()}
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(value, dict):
            raise _wrong(path, f"is {_describe(value)}, not a JSON object for {kind.__qualname__}")
        return _dataclass(kind, value, path)
    if isinstance(kind, type):
        return _other(kind, value, path)
    return value


def _other(kind: type, value: Any, path: str) -> Any:
    if isinstance(value, kind):
        return value
    if issubclass(kind, enum.Enum):
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(repr(member.value) for member in kind)
            raise _wrong(path, f"is {_describe(value)}, not a value of {kind.__qualname__} ({allowed})") from None
    if issubclass(kind, (dt.date, dt.time)) and isinstance(value, str):
        try:
            return kind.fromisoformat(value)
        except ValueError:
            raise _wrong(path, f"is {_describe(value)}, not ISO text for a {kind.__name__}") from None
    validate = getattr(kind, "model_validate", None)
    if callable(validate):
        return validate(value)
    return value  # a class pactspec does not know: the value as it is


def _describe(value: Any) -> str:
    """A value as Python shows it, with its Python type: ``'1' (str)``."""
    text = repr(value)
    return f"{text[:60]}… ({type(value).__name__})" if len(text) > 60 else f"{text} ({type(value).__name__})"


def _shown(kind: Any) -> str:
    text = repr(kind) if typing.get_origin(kind) else getattr(kind, "__qualname__", repr(kind))
    return text.replace("typing.", "")


def _field_types(kind: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(kind)
    except (NameError, TypeError, AttributeError):  # unresolvable annotations: the values as they are
        return {}
