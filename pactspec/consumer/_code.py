"""Message contracts written in Python, the way the Pact SDKs write them::

    pact = MessagePact("user-service", "user-events", pact_dir="pacts")
    (pact.given("User with id 127 exists", id=127)
         .expects_to_receive("a user event")
         .with_metadata({"topic": match.regex("users.v1", r"users\\.v[0-9]+")})
         .with_content({"id": match.integer(12), "name": match.like("Billy")})
         .consumed_by(handle_user)
         .verify())
    pact.write()

The builder only gathers what the chain says, each piece with the file and line of its call; ``verify()``
hands it to the same :class:`~pactspec.consumer._builder.ContractBuilder` that runs a Gherkin scenario
or a YAML entry (examples checked against their own matchers, the handler called, the interaction
recorded), so the three front ends write the same pact JSON. Writing goes through the
:class:`~pactspec.consumer._recorder.Recorder` (locked, merging).
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from pactspec.consumer._builder import ContractBuilder
from pactspec.consumer._contents import DocContent, FileContent, MetadataRow, PartBuilder, ValueContent
from pactspec.consumer._markers import Matcher, call_error, call_site
from pactspec.consumer._recorder import Recorder
from pactspec.content import CONTENT_TYPE_KEY
from pactspec.model import NO_BODY, AsynchronousMessage, ProviderState, SpecVersion, SynchronousMessage
from pactspec.pactfile import WriteMode
from pactspec.sources import Source
from pactspec.usercode import DEFAULT_TIMEOUT

__all__ = ["MessageBuilder", "MessagePact"]

_VERSIONS: dict[str, SpecVersion] = {"4.0": "4.0", "4": "4.0", "v4": "4.0", "3.0.0": "3.0.0", "3.0": "3.0.0",
                                     "3": "3.0.0", "v3": "3.0.0"}
_TO_V4 = 'write MessagePact(..., version="4.0")'

_S = TypeVar("_S")
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _checked(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """A wrong call of a builder method (an unknown keyword, a missing argument) told as one sentence."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def call(self: _S, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except TypeError as exc:
            try:
                signature.bind(self, *args, **kwargs)
            except TypeError:
                shown = f"{type(self).__name__}.{method.__name__}" if method.__name__ != "__init__" \
                    else type(self).__name__
                unbound = method.__get__(self)
                raise call_error(shown, unbound, args, kwargs, exc, call_site()) from None
            raise

    return call


class MessagePact:
    """The pact between a consumer and a provider of messages, written in Python.

    ``version`` is ``"4.0"`` (default) or ``"3.0.0"``; ``pact_dir`` where :meth:`write` (or leaving a
    ``with`` block without an error) writes the pact file, merging into what is there
    (``write_mode="overwrite"`` replaces it); ``timeout`` the seconds a handler may take (0: no limit).
    """

    @_checked
    def __init__(self, consumer: str, provider: str, *, version: str = "4.0", pact_dir: str | os.PathLike[str] = "pacts",
                 write_mode: WriteMode = "merge", timeout: float | None = DEFAULT_TIMEOUT) -> None:
        source = call_site()
        for name, value in (("consumer", consumer), ("provider", provider)):
            if not isinstance(value, str) or not value.strip():
                raise source.error(f"MessagePact(): {name}={value!r} must be the {name}'s name, e.g. "
                                   'MessagePact("user-service", "user-events")')
        if str(version).lower() not in _VERSIONS:
            raise source.error(f"MessagePact(): version={version!r} is not a Pact version; write version=\"4.0\" or "
                               "version=\"3.0.0\"")
        self.consumer, self.provider = consumer, provider
        self.spec_version: SpecVersion = _VERSIONS[str(version).lower()]
        self.pact_dir = str(Path(pact_dir))
        self.timeout = timeout
        self.recorder = Recorder(write_mode=write_mode)
        self.interactions: list[AsynchronousMessage | SynchronousMessage] = []

    def __repr__(self) -> str:
        return f"MessagePact({self.consumer!r}, {self.provider!r}, version={self.spec_version!r})"

    @_checked
    def given(self, state: str, params: Mapping[str, Any] | None = None, **more: Any) -> MessageBuilder:
        """A new interaction, starting with a provider state and its parameters."""
        return MessageBuilder(self, call_site()).given(state, params, **more)

    @_checked
    def expects_to_receive(self, description: str) -> MessageBuilder:
        """A new asynchronous message the consumer expects to receive."""
        return MessageBuilder(self, call_site()).expects_to_receive(description)

    @_checked
    def expects_request(self, description: str) -> MessageBuilder:
        """A new synchronous message: the consumer's request, answered by :meth:`MessageBuilder.will_respond_with`."""
        return MessageBuilder(self, call_site()).expects_request(description)

    def write(self) -> list[Path]:
        """Write the verified interactions to the pact file (locked, merging); the files written."""
        return self.recorder.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self.write()


class MessageBuilder:
    """One interaction of a :class:`MessagePact`, built by chaining; :meth:`verify` checks and records it."""

    def __init__(self, pact: MessagePact, source: Source) -> None:
        self._pact = pact
        self._source = source
        self._states: list[ProviderState] = []
        self._description: str | None = None
        self._synchronous = False
        self._message = PartBuilder(source=source)
        self._content_type: dict[int, tuple[str, Source]] = {}
        self._responses: list[PartBuilder] = []
        self._key: str | None = None
        self._pending = False
        self._comments: list[str] = []
        self._as_type: Callable[..., Any] | None = None
        self._handler: Callable[..., Any] | None = None
        self._rejects: tuple[str, Source] | None = None
        self._verified: Source | None = None
        self._v4_only: list[tuple[str, Source]] = []

    def __repr__(self) -> str:
        return f"<MessageBuilder {self._description!r} ({self._source})>"

    @_checked
    def given(self, state: str, params: Mapping[str, Any] | None = None, **more: Any) -> Self:
        """A provider state, with parameters as a mapping, as keywords, or both."""
        source = self._open("given()")
        if not isinstance(state, str) or not state.strip():
            raise source.error(f"given(): state={state!r} must name the provider state, e.g. "
                               'given("User with id 127 exists", id=127)')
        if params is not None and not isinstance(params, Mapping):
            raise source.error(f"given(): params={params!r} must be a mapping such as {{\"id\": 127}}, or give "
                               "the parameters as keywords: given(\"…\", id=127)")
        self._states.append(ProviderState(state, {**(params or {}), **more}))
        return self

    @_checked
    def expects_to_receive(self, description: str) -> Self:
        """The asynchronous message's description (unique per provider state in the pact)."""
        self._describe(description, synchronous=False, what="expects_to_receive()")
        return self

    @_checked
    def expects_request(self, description: str) -> Self:
        """A synchronous message (Pact V4): this request, answered by :meth:`will_respond_with`."""
        self._describe(description, synchronous=True, what="expects_request()")
        return self

    @_checked
    def with_metadata(self, metadata: Mapping[str, Any] | None = None, **entries: Any) -> Self:
        """Metadata of the message (of the request, for a synchronous one); values may be matchers."""
        source = self._open("with_metadata()")
        self._message.metadata.extend(_metadata_rows({**(metadata or {}), **entries}, source, "with_metadata()"))
        return self

    @_checked
    def with_content(self, content: Any, content_type: str | None = None) -> Self:
        """The body: JSON by default, written as Python values with ``pactspec.match`` matchers in them."""
        source = self._open("with_content()")
        self._set(ValueContent(content, content_type, source), "with_content()")
        return self

    @_checked
    def with_text(self, text: Any, content_type: str = "text/plain") -> Self:
        """A text body: a string, or one matcher for the whole text (``match.regex("Hello Billy", r"Hello \\w+")``)."""
        source = self._open("with_text()")
        if not isinstance(text, (str, Matcher)):
            raise source.error(f"with_text(): text={text!r} is not text; give a str, or with_content() for JSON")
        self._set(ValueContent(text, content_type, source), "with_text()")
        return self

    @_checked
    def with_xml(self, document: str, content_type: str = "application/xml") -> Self:
        """An XML body; inline matchers as in a docstring (``<id>{{ integer(12) }}</id>``)."""
        source = self._open("with_xml()")
        if not isinstance(document, str):
            raise source.error(f"with_xml(): document={document!r} is not text; give the XML document as a str")
        self._set(DocContent(document, content_type, source), "with_xml()")
        return self

    @_checked
    def with_binary(self, data: bytes, content_type: str = "application/octet-stream") -> Self:
        """A binary body of the given media type."""
        source = self._open("with_binary()")
        if not isinstance(data, (bytes, bytearray)):
            raise source.error(f"with_binary(): data is {type(data).__name__}, not bytes; give bytes, or "
                               "with_text() for text")
        self._set(ValueContent(bytes(data), content_type, source), "with_binary()")
        return self

    @_checked
    def with_file(self, path: str | os.PathLike[str], matcher: str | Matcher | None = None) -> Self:
        """A body read from a file (relative to the calling file's folder); ``matcher`` e.g. ``"content type image/png"``."""
        source = self._open("with_file()")
        words = matcher.words if isinstance(matcher, Matcher) else (matcher or "")
        self._set(FileContent(os.fspath(path), words, source), "with_file()")
        return self

    @_checked
    def with_content_type(self, content_type: str) -> Self:
        """The body's media type, for a body given without one (``with_content``, ``with_file``)."""
        source = self._open("with_content_type()")
        if not isinstance(content_type, str) or "/" not in content_type:
            raise source.error(f"with_content_type(): {content_type!r} is not a media type; write e.g. "
                               '"application/json" or "text/plain"')
        self._content_type[id(self._message)] = (content_type, source)
        return self

    @_checked
    def will_respond_with(self, content: Any = NO_BODY, *, metadata: Mapping[str, Any] | None = None,
                          content_type: str | None = None) -> Self:
        """A response to the synchronous request (call again for more responses)."""
        source = self._open("will_respond_with()")
        if not self._synchronous:
            raise source.error("will_respond_with(): responses belong to synchronous messages; start the "
                               'interaction with expects_request("…") instead of expects_to_receive("…")')
        part = PartBuilder(source=source, metadata=_metadata_rows(metadata or {}, source, "will_respond_with()"))
        if content is not NO_BODY:
            part.set_doc(ValueContent(content, content_type, source))
        self._responses.append(part)
        return self

    @_checked
    def as_type(self, kind: Callable[..., Any]) -> Self:
        """Convert the example's JSON object to this type (dataclass, pydantic model, class) for the handler."""
        source = self._open("as_type()")
        if not callable(kind):
            raise source.error(f"as_type(): {kind!r} is not a type; give a dataclass, a pydantic model or a class "
                               "taking keyword arguments")
        self._as_type = kind
        return self

    @_checked
    def consumed_by(self, handler: Callable[..., Any]) -> Self:
        """The consumer's handler: it gets the message (or the converted object) and raises to reject it."""
        source = self._open("consumed_by()")
        if not callable(handler):
            raise source.error(f"consumed_by(): handler={handler!r} is not a function; give the consumer's "
                               "handler, e.g. consumed_by(handle_user)")
        self._handler = handler
        return self

    @_checked
    def rejects_with(self, text: str) -> Self:
        """The handler must reject this message with ``text`` in its error; it is then not recorded."""
        source = self._open("rejects_with()")
        self._rejects = (str(text), source)
        return self

    @_checked
    def key(self, key: str) -> Self:
        """The V4 interaction key."""
        self._v4_only.append(("key()", self._open("key()")))
        self._key = str(key)
        return self

    @_checked
    def pending(self, pending: bool = True) -> Self:
        """Mark the V4 interaction pending: its failures do not fail the provider's build."""
        self._v4_only.append(("pending()", self._open("pending()")))
        self._pending = bool(pending)
        return self

    @_checked
    def comment(self, text: str) -> Self:
        """A V4 comment on the interaction."""
        self._v4_only.append(("comment()", self._open("comment()")))
        self._comments.append(str(text))
        return self

    def verify(self) -> AsynchronousMessage | SynchronousMessage | None:
        """Build the example, check it against its own matchers, call the handler and record the interaction.

        Returns the recorded interaction (``None`` for a message the handler rightly rejected). A handler that
        raises fails with :class:`~pactspec.ContractError` naming its error and where it was raised.
        """
        source = call_site()
        if self._verified is not None:
            raise source.error(f'verify() was already called for "{self._description}" at {self._verified}; '
                               "start another interaction with pact.given(…) or pact.expects_to_receive(…)")
        if self._description is None:
            raise source.error('verify(): the interaction has no description; write .expects_to_receive("a user '
                               'event") (or .expects_request("…") for a synchronous message) before verify()')
        if self._handler is None:
            raise source.error(f'verify(): "{self._description}" has no handler; write .consumed_by(handle_message)')
        for part in (self._message, *self._responses):
            if part.doc is None:
                what = "the response" if part is not self._message else "the message"
                raise source.error(f'verify(): {what} of "{self._description}" has no content; give it with '
                                   "with_content({…}) (or with_text, with_xml, with_binary, with_file)")
        builder = self._builder(source)
        self._verified = source
        rejects, rejects_source = self._rejects if self._rejects else (None, None)
        builder.run_handler(self._handler, self._as_type, rejects=rejects, source=source, recorder=self._pact.recorder,
                            pact_dir=self._pact.pact_dir, rejects_source=rejects_source, timeout=self._pact.timeout)
        if builder.recorded is None:
            return None
        interaction = builder.recorded[1]
        self._pact.interactions.append(interaction)
        return interaction

    def _builder(self, source: Source) -> ContractBuilder:
        pact = self._pact
        builder = ContractBuilder(pact.consumer, pact.provider, source=self._source, spec_version=pact.spec_version,
                                  testname=_testname(), to_v4=_TO_V4)
        assert self._description is not None
        builder.start(self._description, synchronous=self._synchronous, source=self._source)
        for what, where in self._v4_only:
            builder.set_v4_only(where, what)
        builder.states = list(self._states)
        builder.message = self._typed(self._message)
        builder.responses = [self._typed(part) for part in self._responses]
        builder.key, builder.pending, builder.comments = self._key, self._pending, list(self._comments)
        return builder

    def _typed(self, part: PartBuilder) -> PartBuilder:
        """The part with the type :meth:`with_content_type` gave: on the body, or as its Content-Type entry."""
        given = self._content_type.get(id(part))
        if given is None:
            return part
        content_type, source = given
        if isinstance(part.doc, (ValueContent, DocContent)) and part.doc.content_type is None:
            doc = type(part.doc)(part.doc.text if isinstance(part.doc, DocContent) else part.doc.value,
                                 content_type, part.doc.source)
            return PartBuilder(part.source, list(part.metadata), list(part.rows), doc)
        if any(row.key.lower() in ("content-type", "contenttype") for row in part.metadata):
            return part  # the metadata says it; build_contents tells a disagreement
        row = MetadataRow(CONTENT_TYPE_KEY, content_type, source=source)
        return PartBuilder(part.source, [*part.metadata, row], list(part.rows), part.doc)

    def _open(self, what: str) -> Source:
        source = call_site()
        if self._verified is not None:
            raise source.error(f'{what} comes after verify() of "{self._description}" ({self._verified}); the '
                               "interaction is recorded as it was verified: start another with pact.given(…)")
        return source

    def _describe(self, description: str, *, synchronous: bool, what: str) -> None:
        source = self._open(what)
        if self._description is not None:
            raise source.error(f'{what}: this interaction already describes "{self._description}"; start another '
                               "with pact.expects_to_receive(…)")
        if not isinstance(description, str) or not description.strip():
            raise source.error(f"{what}: the description {description!r} is empty; describe the message, e.g. "
                               f'{what[:-2]}("a user event")')
        self._description, self._synchronous = description, synchronous
        self._source = Source(source.filename, source.line)

    def _set(self, doc: DocContent | FileContent | ValueContent, what: str) -> None:
        if self._message.doc is not None:
            raise doc.source.error(f"{what}: the content of this message is already given at "
                                   f"{self._message.doc.source}; give the content once")
        self._message.set_doc(doc)


def _metadata_rows(entries: Mapping[str, Any], source: Source, what: str) -> list[MetadataRow]:
    rows = []
    for key, value in entries.items():
        where = Source(source.filename, source.line, f"{what} {key!r}")
        if isinstance(value, Matcher):
            if value.parts:
                raise where.error(f"{value.function or 'all_of/any_of'}() combines matchers in the content only; give "
                                  "the metadata entry one matcher")
            rows.append(MetadataRow(str(key), value.example, value.words, value.generator or "", where))
        else:
            rows.append(MetadataRow(str(key), value, source=where))
    return rows


def _testname() -> str | None:
    """The running pytest test (``tests/test_users.py::test_user_event``), as the V4 ``testname``."""
    current = os.environ.get("PYTEST_CURRENT_TEST")
    return current.rsplit(" (", 1)[0] if current else None
