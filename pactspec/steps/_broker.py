"""Pact Broker steps: verify the pacts a broker selects, and gate deployments.

(Publishing after a consumer run is :mod:`pactspec.steps._publish`.)

Provider::

    Given the pacts for provider "orders" from the Pact Broker at "http://broker"
    And the consumer version selectors:
      \"\"\"
      [{"mainBranch": true}, {"deployedOrReleased": true}]
      \"\"\"
    And pending pacts are enabled
    And WIP pacts since "2024-01-01"
    And the provider branch "main"
    And the verification results are published

Deploy gating (the Pact Broker's URL from the step, else ``PACT_BROKER_BASE_URL``; credentials from
``PACT_BROKER_USERNAME``/``_PASSWORD``/``_TOKEN``)::

    Given the Pact Broker at "http://broker"
    Then "orders" version "2.0.0" can be deployed to "production"
    When the deployment of "orders" version "2.0.0" to "production" is recorded
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from behave import given, then, when

from pactspec.errors import ConfigurationError, NotDeployable
from pactspec.steps import _types  # noqa: F401  (registers the parse types before the patterns below)
from pactspec.steps._errors import reported
from pactspec.steps._provider import _setup as provider_setup

if TYPE_CHECKING:
    from pactspec.broker import Broker

__all__: list[str] = []


def _setup(context: Any) -> Any:
    return provider_setup(context)


@given('the pacts for provider "{provider:PactspecQuoted}" from the Pact Broker at "{url:PactspecQuoted}"')
@reported
def pacts_from_broker(context: Any, provider: str, url: str) -> None:
    setup = _setup(context)
    setup.provider = provider
    setup.broker_url = url


@given("the consumer version selectors:")
@reported
def consumer_version_selectors(context: Any) -> None:
    try:
        data = json.loads(context.text or "")
    except ValueError as exc:
        raise ConfigurationError(f'the consumer version selectors are not JSON ({exc}); write for example '
                                 '[{"mainBranch": true}]') from None
    # the Pact Broker client loads when a broker step needs it, not with the step library
    from pactspec.broker import selectors_from

    _setup(context).selectors = list(selectors_from(data if isinstance(data, list) else [data]))


@given("pending pacts are enabled")
@reported
def pending_enabled(context: Any) -> None:
    _setup(context).enable_pending = True


@given('WIP pacts since "{date:PactspecQuoted}"')
@reported
def wip_since(context: Any, date: str) -> None:
    _setup(context).include_wip_pacts_since = date


@given('the provider branch "{branch:PactspecQuoted}"')
@reported
def provider_branch(context: Any, branch: str) -> None:
    _setup(context).provider_branch = branch


@given("the verification results are published")
@reported
def results_published(context: Any) -> None:
    _setup(context).publish = True


def _pact_broker(context: Any) -> Broker:
    # the Pact Broker client loads when a broker step needs it, not with the step library
    from pactspec.broker import Broker

    return Broker.from_env(getattr(context, "pactspec_pact_broker_url", None) or None)


@given('the Pact Broker at "{url:PactspecQuoted}"')
@reported
def pact_broker_at(context: Any, url: str) -> None:
    context.pactspec_pact_broker_url = url


@then('"{pacticipant:PactspecQuoted}" version "{version:PactspecQuoted}" can be deployed to '
      '"{environment:PactspecQuoted}"')
@reported
def can_be_deployed(context: Any, pacticipant: str, version: str, environment: str) -> None:
    with _pact_broker(context) as broker:
        result = broker.can_i_deploy(pacticipant, version, to_environment=environment)
    if result.deployable is not True:
        why = result.reason or "; ".join(n.text for n in result.notices) or "no reason given"
        answer = "does not know yet" if result.deployable is None else "says no"
        raise NotDeployable("\n".join([(f"can-i-deploy {pacticipant} {version} to {environment}: the Pact Broker "
                                        f"{answer}: {why}"), *result.table()]), result)


@when('the deployment of "{pacticipant:PactspecQuoted}" version "{version:PactspecQuoted}" to '
      '"{environment:PactspecQuoted}" is recorded')
@reported
def deployment_recorded(context: Any, pacticipant: str, version: str, environment: str) -> None:
    with _pact_broker(context) as broker:
        done = broker.record_deployment(pacticipant, version, environment)
    print(done.message, file=sys.__stdout__)
