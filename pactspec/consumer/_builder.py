"""Consumer contracts: the :class:`ContractBuilder` that holds one interaction as a scenario (or a
YAML entry) states it, builds it, checks the examples and calls the consumer's handler.

The front ends (behave steps, YAML contracts) only fill a builder with rows as the user wrote
them, each row carrying its :class:`Source` (file and line) so that every error names the place to
fix. The work is done by one module per idea: :mod:`pactspec.consumer._contents` (rows, docstrings and
files → message contents), :mod:`pactspec.consumer._example_check` (the example against its own matchers),
:mod:`pactspec.consumer._handlers` (the example message, ``as`` conversion, calling the handler) and
:mod:`pactspec.sources` (where things were written). Recording and writing the pact files is
:mod:`pactspec.consumer._recorder`'s job. The names of those modules are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pactspec.consumer._contents import PartBuilder, build_contents
from pactspec.consumer._example_check import (
    check_example,
    check_generated,
    check_v3_matchers,
)
from pactspec.consumer._handlers import (
    call_handler,
    dispatch,
    example_message,
    resolve_handler,
    resolve_type,
)
from pactspec.consumer._lambda import LambdaSource, ObjectStore, call_lambda, lambda_event
from pactspec.consumer._markers import shown_filename
from pactspec.consumer._recorder import Recorder
from pactspec.errors import ContractError, HandlerRejected, InputError
from pactspec.model import (
    AsynchronousMessage,
    ProviderState,
    SpecVersion,
    SynchronousMessage,
)
from pactspec.sources import SOURCE_PREFIX, Source, asyncapi_reference
from pactspec.usercode import DEFAULT_TIMEOUT, signature_of

__all__ = [
    "ContractBuilder",
    "spec_version_from_tags",
]


@dataclass(slots=True)
class ContractBuilder:
    """Everything one scenario (or YAML message entry) says about one interaction."""

    consumer: str
    provider: str
    source: Source = field(default_factory=Source)
    spec_version: SpecVersion = "4.0"
    testname: str | None = None
    description: str | None = None
    kind: Literal["async", "sync"] = "async"
    states: list[ProviderState] = field(default_factory=list)
    message: PartBuilder = field(default_factory=PartBuilder)
    responses: list[PartBuilder] = field(default_factory=list)
    key: str | None = None
    pending: bool = False
    comments: list[str] = field(default_factory=list)
    asyncapi_operation: str | None = None  # written as comments.references.AsyncAPI.operationId
    handled: bool = False
    rejection: HandlerRejected | None = None
    # (pact directory, interaction) once recorded, so a front end can withdraw it if the scenario fails later
    recorded: tuple[str, AsynchronousMessage | SynchronousMessage] | None = None
    # how the contract's front end switches to V4, for the errors about V4-only things
    to_v4: str = "remove the @pact:v3 tag or tag the scenario @pact:v4"

    def start(self, description: str, *, synchronous: bool, source: Source) -> None:
        if self.description is not None:
            raise source.error(f'this scenario already describes the message "{self.description}"; '
                               "write one message per scenario")
        if not description.strip():
            raise source.error("the message description is empty; describe the message in the quotes")
        if synchronous and self.spec_version != "4.0":
            raise source.error(f"synchronous request/response messages exist only in Pact V4; {self.to_v4}")
        self.description = description
        self.kind = "sync" if synchronous else "async"
        self.message = PartBuilder(source=source)

    def require_message(self, source: Source, what: str) -> None:
        if self.description is None:
            raise source.error(f'{what} comes before the message; start with When the message "…" is received')
        self.require_open(source, what)

    def add_response(self, source: Source) -> PartBuilder:
        self.require_message(source, "a response")
        if self.kind != "sync":
            raise source.error('responses belong to synchronous messages; write When the request message "…" '
                               "is sent")
        part = PartBuilder(source=source)
        self.responses.append(part)
        return part

    def last_response(self, source: Source) -> PartBuilder:
        if not self.responses:
            raise source.error("there is no response message yet; write a 'the response message …' step first")
        return self.responses[-1]

    def require_open(self, source: Source, what: str) -> None:
        """Nothing may change the interaction once the handler has run: it is what was checked."""
        if self.handled:
            raise source.error(f'{what} comes after "it is handled by"; move it before that step')

    def add_state(self, state: ProviderState, source: Source) -> None:
        self.require_open(source, "a provider state")
        self.states.append(state)

    def set_v4_only(self, source: Source, what: str) -> None:
        self.require_open(source, what)
        if self.spec_version != "4.0":
            raise source.error(f"{what} exists only in Pact V4; {self.to_v4}")

    def reference_asyncapi_operation(self, operation_id: str, source: Source) -> None:
        """Name the provider's AsyncAPI operation this message is (``pactspec asyncapi check`` reads it)."""
        self.set_v4_only(source, "an AsyncAPI operation reference")
        if not operation_id.strip():
            raise source.error("the AsyncAPI operation is empty; give its operationId, e.g. \"onUserSignedUp\"")
        if self.asyncapi_operation not in (None, operation_id):
            raise source.error(f'this message is already the AsyncAPI operation "{self.asyncapi_operation}"; '
                               "a message names one operation")
        self.asyncapi_operation = operation_id

    def build(self) -> AsynchronousMessage | SynchronousMessage:
        """The interaction, after checking each example against its own matchers."""
        if self.description is None:
            raise self.source.error('the scenario has no message; write When the message "…" is received')
        context: dict[str, Any] = {}
        for state in self.states:
            context.update(state.params)
        request = build_contents(self.message)
        check_example(request, self.message)
        check_generated(request, self.message, context)
        if self.spec_version != "4.0":
            check_v3_matchers(request, self.message, self.to_v4)
        comments: dict[str, Any] = {}
        if self.spec_version == "4.0":
            if self.testname:
                comments["testname"] = self.testname
            if self.source.filename:
                comments["text"] = [f"{SOURCE_PREFIX}{self.source}", *self.comments]
            elif self.comments:
                comments["text"] = list(self.comments)
            if self.asyncapi_operation:
                comments["references"] = asyncapi_reference(self.asyncapi_operation)
        states = tuple(self.states)
        if self.kind == "sync":
            if not self.responses:
                raise self.source.error("a synchronous message needs at least one response; write "
                                        "Then the response message matches: (or 'is:')")
            responses = []
            for part in self.responses:
                contents = build_contents(part)
                check_example(contents, part)
                check_generated(contents, part, context)
                responses.append(contents)
            return SynchronousMessage(self.description, request, tuple(responses), states, self.key,
                                      self.pending, comments)
        return AsynchronousMessage(self.description, request, states, self.key, self.pending, comments)

    def handler_arguments(
        self, interaction: AsynchronousMessage | SynchronousMessage, as_type: Callable[..., Any] | None,
        handler: Callable[..., Any] | None = None,
    ) -> tuple[tuple[Any, ...], Mapping[str, Any]]:
        """What the handler is called with: the message (see :func:`dispatch`), or the request and the
        expected responses."""
        if isinstance(interaction, SynchronousMessage):
            request = example_message(interaction.request, interaction.provider_states)
            responses = [example_message(c, interaction.provider_states, as_type=as_type)
                         for c in interaction.responses]
            return (request, responses), {}
        message = example_message(interaction.contents, interaction.provider_states, as_type=as_type)
        if handler is None:
            return (message,), {}
        return dispatch(handler, message, converted=as_type is not None)

    def handle(self, handler_ref: str | Callable[..., Any], as_ref: str | Callable[..., Any] | None, *,
               expect_rejection: bool, source: Source, timeout: float | None = DEFAULT_TIMEOUT,
               lambda_source: LambdaSource | None = None, store: ObjectStore | None = None,
               ) -> AsynchronousMessage | SynchronousMessage | None:
        """Build, call the handler, and return the interaction to record (``None`` when rejected).

        The handler and the ``as`` type are references (``"users.consumer:handle_user"``) or the objects.
        With ``lambda_source`` the handler is a Lambda function: it gets the example in that source's
        event envelope and a context (``store`` puts an S3 event's object where the event points).
        """
        self.require_message(source, '"it is handled by"')
        interaction = self.build()
        if lambda_source is not None and isinstance(interaction, SynchronousMessage):
            raise source.error("a Lambda event carries an asynchronous message; write When the message \"…\" "
                               "is received, or drop the Lambda event")
        try:
            handler = resolve_handler(handler_ref, None)[0] if isinstance(handler_ref, str) else handler_ref
            as_type = resolve_type(as_ref) if isinstance(as_ref, str) else as_ref
            arguments, keywords = self.handler_arguments(interaction, as_type, handler)
            if lambda_source is not None:
                arguments, keywords = (lambda_event(lambda_source, arguments[0], store=store), None), {}
        except InputError as exc:
            raise source.error(str(exc)) from None
        name = handler_ref if isinstance(handler_ref, str) else _named(handler_ref)
        self._check_signature(handler, name, arguments, keywords, as_type is not None, source,
                              as_lambda=lambda_source is not None)
        label = f'the handler {name} for "{self.description}" ({self.source})'
        self.handled = True
        try:
            if lambda_source is not None:
                call_lambda(handler, arguments[0], label=label, timeout=timeout)
            else:
                call_handler(handler, arguments, label=label, timeout=timeout, kwargs=keywords)
        except HandlerRejected as exc:
            if expect_rejection:
                self.rejection = exc
                return None
            raise
        return None if expect_rejection else interaction

    def run_handler(self, handler_ref: str | Callable[..., Any], as_ref: str | Callable[..., Any] | None, *,
                    rejects: str | None, source: Source, recorder: Recorder, pact_dir: str,
                    rejects_source: Source | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                    lambda_source: LambdaSource | None = None, store: ObjectStore | None = None) -> None:
        """Build, call the handler and record the interaction: what every consumer front end does.

        With ``rejects`` the handler must raise with that text in its message; the interaction is
        then not recorded (a rejected message is no contract). Without it, a handler that raises
        fails, and an accepted message is recorded in ``pact_dir``. A handler that runs longer than
        ``timeout`` seconds fails either way. ``lambda_source`` and ``store``: see :meth:`handle`.
        """
        interaction = self.handle(handler_ref, as_ref, expect_rejection=rejects is not None, source=source,
                                  timeout=timeout, lambda_source=lambda_source, store=store)
        if rejects is not None:
            self.expect_rejection(rejects, rejects_source or source)
        elif interaction is not None:
            recorder.record(pact_dir, self.consumer, self.provider, self.spec_version, interaction, self.source)
            self.recorded = (pact_dir, interaction)

    def _check_signature(self, handler: Callable[..., Any], name: str, arguments: tuple[Any, ...],
                         keywords: Mapping[str, Any], converted: bool, source: Source, *,
                         as_lambda: bool = False) -> None:
        """A handler that cannot take the arguments is a configuration error here, not the handler rejecting."""
        try:
            signature = signature_of(handler)
        except (TypeError, ValueError):  # builtins without a signature: let the call decide
            return
        try:
            signature.bind(*arguments, **keywords)
        except TypeError:
            short = getattr(handler, "__name__", "")
            short = short if short.isidentifier() else "handle"  # a lambda or a callable object
            if as_lambda:
                wanted, what = "(event, context)", "a Lambda handler"
            elif self.kind == "sync":
                wanted, what = "(request, responses)", "a synchronous message's handler"
            elif converted:
                wanted, what = "(user) or (message: Message)", "a handler of a converted message"
            else:
                wanted, what = "(message)", "a message handler"
            takes = signature.replace(parameters=[p.replace(annotation=p.empty) for p in signature.parameters.values()],
                                      return_annotation=signature.empty)
            raise source.error(f"{name} takes {takes} but {what} is called with {wanted}; write "
                               f"def {short}{wanted}: …") from None

    def expect_rejection(self, text: str, source: Source) -> None:
        """Pass only if the handler raised with ``text`` in its message."""
        if not self.handled:
            raise source.error('"the handler rejects it" needs "it is handled by …" before it')
        if self.rejection is None:
            raise ContractError(f'the handler accepted "{self.description}" ({self.source}) but the scenario '
                                f'expects it to reject it with "{text}"')
        said = str(self.rejection.error)
        if text not in said:
            raise ContractError(f'the handler rejected "{self.description}" ({self.source}) with "{said}", which '
                                f'does not contain "{text}"')


def spec_version_from_tags(tags: Sequence[str], source: Source, default: SpecVersion = "4.0") -> SpecVersion:
    """``@pact:v3`` → "3.0.0", ``@pact:v4`` → "4.0"; the last one wins (scenario tags after feature tags)."""
    version: SpecVersion = default
    for tag in tags:
        lowered = tag.lower().lstrip("@")
        if not lowered.startswith("pact:"):
            continue
        if lowered in ("pact:v3", "pact:v3.0.0", "pact:3"):
            version = "3.0.0"
        elif lowered in ("pact:v4", "pact:v4.0", "pact:4"):
            version = "4.0"
        else:
            raise source.error(f"unknown tag @{tag.lstrip('@')}; pactspec writes message pacts as "
                               "@pact:v3 or @pact:v4")
    return version


def _named(handler: Callable[..., Any]) -> str:
    """``qualname (file:line)`` of a handler given as a function, the file as the caller's errors show it."""
    code = getattr(handler, "__code__", None)
    name = getattr(handler, "__qualname__", repr(handler))
    return f"{name} ({shown_filename(code.co_filename)}:{code.co_firstlineno})" if code is not None else name
