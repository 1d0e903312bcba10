"""Consumer steps: write a message contract in Gherkin, run it against the consumer's handler.

Each step reads a table or docstring into :class:`pactspec.consumer._builder.ContractBuilder` (kept on the
scenario's context) and lets the core speak. ``it is handled by`` builds the interaction, checks the
example against its own matchers, calls the handler and records the interaction (taken back if a
later step of the scenario fails; no contract step may follow it); the pact files
are written after each feature (a hook added to behave's runner on first use, chained with the
project's own ``after_feature``/``after_all``) under ``-D pact_dir=…`` / ``[behave.userdata]
pact_dir`` / ``pacts/``, merging into what is there unless ``-D pact_write_mode=overwrite``; after the
run, stderr says which files kept interactions no scenario of the run wrote. A handler may take
``-D timeout=SECONDS`` (default 60, 0: no limit).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from behave import given, step, then, when

from pactspec.consumer import (
    ContractBuilder,
    FileContent,
    PartBuilder,
    Recorder,
    build_contents,
    parse_value,
    spec_version_from_tags,
)
from pactspec.errors import PactSpecError, PactSpecStepError
from pactspec.model import ProviderState
from pactspec.pactfile import check_write_mode
from pactspec.sources import Source
from pactspec.steps import _types  # noqa: F401  (registers the parse types before the patterns below)
from pactspec.steps._errors import reported
from pactspec.steps._hints import loading_runner, undefined_step_hints
from pactspec.steps._publish import publish_after_run, publish_requested
from pactspec.steps._tables import content_rows, current_step, docstring, metadata_rows, step_source
from pactspec.steps._userdata import timeout as userdata_timeout

__all__: list[str] = []

_CONTRACT = "pactspec_contract"
_RECORDER = "_pactspec_recorder"


def _any_keyword(pattern: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a consumer step for Given, When, Then and ``*`` alike.

    behave tries the definitions of a step's own keyword before the keyword-free ones; registered
    under each keyword (and first: ``pactspec.steps`` imports this module before the others), the
    contract steps most scenarios are made of are found without trying every transport, broker and
    provider pattern first.
    """
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in (given, when, then, step):
            decorator(pattern)(func)
        return func
    return register


def _contract(context: Any) -> ContractBuilder:
    builder = getattr(context, _CONTRACT, None)
    if builder is None:
        scenario = context.scenario
        tags = [*getattr(context.feature, "tags", ()), *getattr(scenario, "tags", ())]
        where = Source(scenario.filename, scenario.line)
        builder = ContractBuilder("", "", source=where, spec_version=spec_version_from_tags(tags, where),
                                  testname=f"{context.feature.name.strip()}: {scenario.name.strip()}")
        setattr(context, _CONTRACT, builder)
        _install_writer(context)
    return builder


@_any_keyword('"{consumer:PactspecQuoted}" consumes messages from "{provider:PactspecQuoted}"')
@reported
def consumes_messages_from(context: Any, consumer: str, provider: str) -> None:
    builder = _contract(context)
    if not consumer.strip() or not provider.strip():
        raise step_source(context).error("write both names: Given \"my-service\" consumes messages from \"their-service\"")
    builder.consumer, builder.provider = consumer, provider


@_any_keyword('the provider state "{name}" with:')
@reported
def provider_state_with(context: Any, name: str) -> None:
    source = step_source(context)
    table = context.table
    if table is None or len(table.rows) != 1:
        raise source.error(f'the parameters of "{name}" are one heading row of names and one row of values, '
                           "e.g. a row | id | and under it a row | 127 |")
    params: dict[str, Any] = {}
    for column, (heading, cell) in enumerate(zip(table.headings, table.rows[0].cells), start=1):
        if not heading.strip():
            raise source.error(f'the parameter in column {column} of "{name}" has no name; write its name in '
                               "the heading row above its value")
        if heading.strip() in params:
            raise source.error(f'the parameter "{heading.strip()}" of "{name}" is given twice; keep one column '
                               "for it")
        params[heading.strip()] = parse_value(cell)
    _contract(context).add_state(ProviderState(name, params), source)


@_any_keyword('the provider state "{name}"')
@reported
def provider_state(context: Any, name: str) -> None:
    _contract(context).add_state(ProviderState(name, {}), step_source(context))


@_any_keyword('the message "{description}" is received')
@reported
def message_is_received(context: Any, description: str) -> None:
    _contract(context).start(description, synchronous=False, source=step_source(context))


@_any_keyword('the request message "{description}" is sent')
@reported
def request_message_is_sent(context: Any, description: str) -> None:
    _contract(context).start(description, synchronous=True, source=step_source(context))


def _checked(part: PartBuilder) -> None:
    """Parse what was just added, so that a wrong table fails at its own step rather than at the handler."""
    build_contents(part)


def _message_part(context: Any, what: str) -> PartBuilder:
    builder = _contract(context)
    builder.require_message(step_source(context), what)
    return builder.message


@_any_keyword("the message metadata is:")
@reported
def message_metadata(context: Any) -> None:
    part = _message_part(context, "the metadata")
    part.metadata.extend(metadata_rows(context))
    _checked(part)


@_any_keyword("the content matches:")
@reported
def content_matches(context: Any) -> None:
    part = _message_part(context, "the content")
    part.add_rows(content_rows(context), step_source(context))
    _checked(part)


@_any_keyword('the content of type "{content_type:PactspecQuoted}" is:')
@reported
def content_of_type_is(context: Any, content_type: str) -> None:
    part = _message_part(context, "the content")
    part.set_doc(docstring(context, content_type))
    _checked(part)


@_any_keyword('the content is the file "{path:PactspecQuoted}" matching "{matcher:PactspecQuoted}"')
@reported
def content_file_matching(context: Any, path: str, matcher: str) -> None:
    part = _message_part(context, "the content")
    part.set_doc(FileContent(path, matcher, step_source(context)))
    _checked(part)


@_any_keyword('the content is the file "{path:PactspecQuoted}"')
@reported
def content_file(context: Any, path: str) -> None:
    part = _message_part(context, "the content")
    part.set_doc(FileContent(path, "", step_source(context)))
    _checked(part)


@_any_keyword("the content is:")
@reported
def content_is(context: Any) -> None:
    part = _message_part(context, "the content")
    part.set_doc(docstring(context))
    _checked(part)


@_any_keyword("the response message matches:")
@reported
def response_matches(context: Any) -> None:
    part = _contract(context).add_response(step_source(context))
    part.add_rows(content_rows(context), step_source(context))
    _checked(part)


@_any_keyword('the response message of type "{content_type:PactspecQuoted}" is:')
@reported
def response_of_type_is(context: Any, content_type: str) -> None:
    part = _contract(context).add_response(step_source(context))
    part.set_doc(docstring(context, content_type))
    _checked(part)


@_any_keyword("the response message is:")
@reported
def response_is(context: Any) -> None:
    part = _contract(context).add_response(step_source(context))
    part.set_doc(docstring(context))
    _checked(part)


@_any_keyword("the response metadata is:")
@reported
def response_metadata(context: Any) -> None:
    builder = _contract(context)
    if not builder.responses and builder.kind == "sync":
        builder.add_response(step_source(context))
    part = builder.last_response(step_source(context))
    part.metadata.extend(metadata_rows(context))
    _checked(part)


@_any_keyword('the interaction key is "{key:PactspecQuoted}"')
@reported
def interaction_key(context: Any, key: str) -> None:
    builder = _contract(context)
    builder.set_v4_only(step_source(context), "an interaction key")
    builder.key = key


@_any_keyword("the interaction is pending")
@reported
def interaction_pending(context: Any) -> None:
    builder = _contract(context)
    builder.set_v4_only(step_source(context), "a pending interaction")
    builder.pending = True


@_any_keyword('the interaction comment is "{text}"')
@reported
def interaction_comment(context: Any, text: str) -> None:
    builder = _contract(context)
    builder.set_v4_only(step_source(context), "an interaction comment")
    builder.comments.append(text)


@_any_keyword('the message is the AsyncAPI operation "{operation:PactspecQuoted}"')
@reported
def asyncapi_operation(context: Any, operation: str) -> None:
    _contract(context).reference_asyncapi_operation(operation, step_source(context))


@_any_keyword('it is handled by "{handler:PactspecQuoted}" as "{as_type:PactspecQuoted}"')
@reported
def handled_by_as(context: Any, handler: str, as_type: str) -> None:
    _handle(context, handler, as_type)


@_any_keyword('it is handled by "{handler:PactspecQuoted}"')
@reported
def handled_by(context: Any, handler: str) -> None:
    _handle(context, handler, None)


@_any_keyword('the handler rejects it with "{text}"')
@reported
def handler_rejects(context: Any, text: str) -> None:
    _contract(context).expect_rejection(text, step_source(context))


def _handle(context: Any, handler: str, as_type: str | None, **lambda_options: Any) -> None:
    """Run the handler; ``lambda_options`` (``lambda_source``, ``store``) make it a Lambda handler."""
    builder = _contract(context)
    source = step_source(context)
    if not builder.consumer or not builder.provider:
        raise source.error('the scenario does not say who consumes the message; write Given "my-service" '
                           'consumes messages from "their-service" (in the Background)')
    rejects, rejects_source = _expected_rejection(context)
    builder.run_handler(handler, as_type, rejects=rejects, source=source, recorder=_recorder(context),
                        pact_dir=_pact_dir(context), rejects_source=rejects_source,
                        timeout=userdata_timeout(context), **lambda_options)


def _expected_rejection(context: Any) -> tuple[str | None, Source | None]:
    """The text of a later "the handler rejects it with" step of this scenario, found by the step it runs.

    Each later step is matched against behave's step registry, as behave will match it, so the
    wording, an ``And``/``Then`` keyword or a project step that reuses the words cannot mislead it.
    """
    current = current_step(context)
    steps = list(getattr(getattr(context, "scenario", None), "all_steps", ()) or ())
    if current is None or current not in steps:
        return None, None
    registry = context._runner.step_registry
    for later in steps[steps.index(current) + 1:]:
        match = registry.find_match(later)
        if match is not None and match.func is handler_rejects:
            [text] = [argument.value for argument in match.arguments or () if argument.name == "text"]
            return text, step_source(context, getattr(later, "line", None))
    return None, None


def _pact_dir(context: Any) -> str:
    userdata = getattr(context.config, "userdata", None) or {}
    return str(userdata.get("pact_dir") or "pacts")


def _recorder(context: Any) -> Recorder:
    runner = context._runner
    recorder = getattr(runner, _RECORDER, None)
    if recorder is None:
        userdata = getattr(context.config, "userdata", None) or {}
        mode = check_write_mode(userdata.get("pact_write_mode") or "merge", "-D pact_write_mode")
        recorder = Recorder(write_mode=mode)
        setattr(runner, _RECORDER, recorder)
    return recorder


def _install_writer(context: Any) -> None:
    """Chain a pact-writing hook after the project's own after_feature and after_all (once per run)."""
    _install_hooks(context._runner)


def _install_hooks(runner: Any) -> None:
    if getattr(runner, "_pactspec_hooks", False):
        return
    runner._pactspec_hooks = True
    for name in ("after_feature", "after_all"):
        runner.hooks[name] = _chained(runner.hooks.get(name), last=name == "after_all")
    runner.hooks["after_all"] = _publishing(runner.hooks["after_all"])
    runner.hooks["after_scenario"] = _hinting(runner.hooks.get("after_scenario"))


def _hinting(previous: Callable[..., Any] | None) -> Callable[..., Any]:
    """After the project's own after_scenario: say which pactspec step a misspelt (undefined) step meant."""
    def hook(context: Any, scenario: Any) -> None:
        try:
            if previous is not None:
                previous(context, scenario)
            _require_handler(context, scenario)
        finally:
            _withdraw_if_failed(context, scenario)
            # behave captures hook output; the real stderr shows the hint next to behave's "undefined"
            for hint in undefined_step_hints(scenario.all_steps, context._runner.step_registry):
                print(hint, file=sys.__stderr__)

    return hook


def _withdraw_if_failed(context: Any, scenario: Any) -> None:
    """A scenario that failed after its handler accepted (a later step, a hook) writes no interaction."""
    builder = getattr(context, _CONTRACT, None)
    if builder is None or builder.recorded is None:
        return
    if getattr(getattr(scenario, "status", None), "name", "") != "passed":
        pact_dir, interaction = builder.recorded
        _recorder(context).forget(pact_dir, builder.consumer, builder.provider, interaction)


def _require_handler(context: Any, scenario: Any) -> None:
    """Fail a scenario that wrote a message but never handed it to a handler (nothing was checked or written)."""
    builder = getattr(context, _CONTRACT, None)
    if builder is None or builder.description is None or builder.handled:
        return
    if getattr(getattr(scenario, "status", None), "name", "") != "passed":
        return  # a step failed or was skipped: that step already says what is wrong
    source = builder.message.source if builder.message.source.filename else builder.source
    raise PactSpecStepError(
        f'{source}: the message "{builder.description}" is never handed to a handler, so nothing is checked '
        'and no pact is written; add And it is handled by "module:function"')


def _publishing(previous: Callable[..., Any]) -> Callable[..., Any]:
    """After the last pact file is written: publish this run's pact files when ``-D publish=true``."""
    def hook(context: Any, *args: Any) -> None:
        previous(context, *args)
        userdata = getattr(context.config, "userdata", None) or {}
        if publish_requested(userdata):
            try:
                publish_after_run(getattr(context._runner, "_pactspec_written", []), userdata)
            except PactSpecError as exc:
                raise PactSpecStepError(f"publishing the pact files to the Pact Broker failed: {exc}") from None

    return hook


def _chained(previous: Callable[..., Any] | None, *, last: bool = False) -> Callable[..., Any]:
    def hook(context: Any, *args: Any) -> None:
        try:
            if previous is not None:
                previous(context, *args)
        finally:
            recorder = getattr(context._runner, _RECORDER, None)
            if recorder is not None:
                try:
                    if len(recorder):
                        written = getattr(context._runner, "_pactspec_written", [])
                        written.extend(recorder.flush())
                        context._runner._pactspec_written = written
                    if last:  # behave captures hook output; the real stderr shows the notices after the run
                        for notice in recorder.notices("-D pact_write_mode=overwrite"):
                            print(f"pactspec: {notice}", file=sys.__stderr__)
                except PactSpecError as exc:
                    # another folder helps only when this one cannot be written (not, e.g., for a V3 file met by V4)
                    hint = ("; give -D pact_dir=… (or pact_dir under [behave.userdata]) a folder you can write to"
                            if isinstance(exc.__cause__, OSError) else "")
                    raise PactSpecStepError(f"writing the pact files failed: {exc}{hint}") from None

    return hook


# chained now when behave is loading this library, so even a misspelt first step gets its hint
_runner = loading_runner()
if _runner is not None:
    _install_hooks(_runner)
