"""Provider-verification steps for behave: verify the pacts for a provider against its producers.

    Scenario: user-events honours its consumers' contracts
      Given the pacts for provider "user-events" in "pacts/"
      And the producers in "users.producer"
      When the pacts are verified
      Then every interaction passes

Other steps: ``Given the provider version "1.4.0"``, ``Given the message proxy at "URL"`` (a
producer in any language; ``Given the provider state URL "URL"`` for its states), ``Given only
the interactions described as "RE"`` / ``with provider state "NAME"`` / ``without provider
state``, ``Then the verification fails`` and ``Then the verification report says:`` (a docstring
that must appear in the console report). A failing step shows the numbered report; a setup that
cannot be used (no producers, a module that doesn't import, a missing pact folder) fails its step
with one sentence, no traceback. Each producer and state handler may take ``-D timeout=SECONDS``
(default 60, 0: no limit); one that takes longer fails its interaction.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from behave import given, then, when

from pactspec.errors import ConfigurationError, ContractError
from pactspec.provider import (
    Filters,
    Spelling,
    VerificationResult,
    backend_for,
    verify,
)
from pactspec.report import format_console
from pactspec.steps import _types  # noqa: F401  (registers the parse types before the patterns below)
from pactspec.steps._errors import reported
from pactspec.steps._userdata import timeout as userdata_timeout

__all__: list[str] = []

STEP_SPELLING = Spelling(app='"And the producers in \\"<module>\\""', app_hint="(the module registering your producers)",
                         message_url="the message proxy URL", state_url="the provider state URL",
                         message_hint=' (add "And the message proxy at \\"<url>\\"")')


@dataclass
class _Verification:
    provider: str | None = None
    sources: list[str] = field(default_factory=list)
    apps: list[str] = field(default_factory=list)
    message_url: str | None = None
    state_url: str | None = None
    version: str | None = None
    description: str | None = None
    state: str | None = None
    no_state: bool = False
    result: VerificationResult | None = None
    broker_url: str | None = None  # the Pact Broker steps (pactspec.steps._broker) set these
    selectors: list[Any] = field(default_factory=list)
    enable_pending: bool = False
    include_wip_pacts_since: str | None = None
    provider_branch: str | None = None
    publish: bool = False


def _setup(context: Any) -> _Verification:
    if not hasattr(context, "pactspec_verification"):
        context.pactspec_verification = _Verification()
    return context.pactspec_verification


def _result(context: Any) -> VerificationResult:
    result = _setup(context).result
    if result is None:
        raise ConfigurationError('no verification has run yet; add "When the pacts are verified" before this step')
    return result


@given('the pacts for provider "{provider:PactspecQuoted}" in "{location:PactspecQuoted}"')
@reported
def pacts_for_provider(context: Any, provider: str, location: str) -> None:
    setup = _setup(context)
    setup.provider = provider
    setup.sources.append(location)


@given('the producers in "{module:PactspecQuoted}"')
@reported
def producers_in(context: Any, module: str) -> None:
    _setup(context).apps.append(module)


@given('the provider version "{version:PactspecQuoted}"')
@reported
def provider_version(context: Any, version: str) -> None:
    _setup(context).version = version


@given('the message proxy at "{url:PactspecQuoted}"')
@reported
def message_proxy_at(context: Any, url: str) -> None:
    _setup(context).message_url = url


@given('the provider state URL "{url:PactspecQuoted}"')
@reported
def provider_state_url(context: Any, url: str) -> None:
    _setup(context).state_url = url


@given('only the interactions described as "{pattern}"')
@reported
def only_described(context: Any, pattern: str) -> None:
    _setup(context).description = pattern


@given('only the interactions with provider state "{name}"')
@reported
def only_with_state(context: Any, name: str) -> None:
    _setup(context).state = name


@given("only the interactions without provider state")
@reported
def only_without_state(context: Any) -> None:
    _setup(context).no_state = True


@when("the pacts are verified")
@reported
def pacts_are_verified(context: Any) -> None:
    setup = _setup(context)
    if setup.state is not None and setup.no_state:
        raise ConfigurationError('"only the interactions with provider state" and "only the interactions '
                                 'without provider state" exclude each other; keep one')
    backend = backend_for(setup.apps or None, setup.message_url, setup.state_url, spelling=STEP_SPELLING,
                          timeout=userdata_timeout(context))
    filters = Filters(setup.description, setup.state, setup.no_state)
    if setup.broker_url is None:
        setup.result = verify(setup.sources, backend, provider=setup.provider, provider_version=setup.version,
                              filters=filters)
        return
    # the Pact Broker client loads when a broker step needs it, not with the step library
    from pactspec.broker import BrokerOptions, combine_results, verify_from_broker

    options = BrokerOptions(setup.provider or "", setup.broker_url, tuple(setup.selectors),
                            enable_pending=setup.enable_pending, include_wip_pacts_since=setup.include_wip_pacts_since,
                            provider_branch=setup.provider_branch, publish=setup.publish, provider_version=setup.version)
    if setup.publish and not setup.version:
        raise ConfigurationError('publishing the verification results needs "Given the provider version \"…\""')
    result = verify_from_broker(options, backend, filters=filters, notice=lambda text: print(text, file=sys.__stdout__))
    if setup.sources:
        result = combine_results(verify(setup.sources, backend, provider=setup.provider, filters=filters,
                                        provider_version=setup.version, allow_empty=True), result)
    setup.result = result


@then("every interaction passes")
@reported
def every_interaction_passes(context: Any) -> None:
    result = _result(context)
    if not result.passed:
        userdata = getattr(context.config, "userdata", None) or {}
        quiet = str(userdata.get("quiet", "")).strip().lower() in ("1", "true", "yes", "on")
        raise ContractError(format_console(result, quiet=quiet))


@then("the verification fails")
@reported
def verification_fails(context: Any) -> None:
    result = _result(context)
    if result.passed:
        raise ContractError("the verification passed, but this scenario expects it to fail:\n"
                            + format_console(result))


@then("the verification report says:")
@reported
def verification_report_says(context: Any) -> None:
    text = (context.text or "").strip()
    report = format_console(_result(context))
    missing = [line for line in text.splitlines() if line.strip() and line.strip() not in report]
    if missing:
        raise ContractError(f"the verification report lacks {missing[0].strip()!r}; the report is:\n{report}")
