"""The Broker connection: headers and credentials, environment variables, retries, timeouts, errors, secrets."""

from __future__ import annotations

import base64
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import httpx
import pytest

from pactspec.broker import BasicAuth, Broker, TokenAuth
from pactspec.broker._http import BrokerHttp
from pactspec.errors import (
    ConfigurationError,
    InputError,
    PactBrokerAuthError,
    PactBrokerError,
    PactBrokerRejected,
    PactBrokerResponseError,
    PactBrokerUnreachable,
)
from tests.fake_broker import FakeBroker
from tests.services import free_port

INDEX = {"_links": {"pb:provider-pacts-for-verification": {"href": "/pacts/provider/{provider}/for-verification"}}}
SECRETS = ("s3cret-password", "t0ken-value", base64.b64encode(b"ann:s3cret-password").decode())


def _transport(answers: list[httpx.Response | Exception], seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer
    return httpx.MockTransport(handle)


def _broker(answers: list[httpx.Response | Exception], seen: list[httpx.Request], *, retries: int = 0,
            auth: BasicAuth | TokenAuth | None = None, url: str = "http://broker.test") -> Broker:
    return Broker(url, auth, retries=retries, backoff=0, transport=_transport(answers, seen))


@pytest.fixture()
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (a hung broker)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        accepted: list[socket.socket] = []
        stop = threading.Event()

        def accept() -> None:
            server.settimeout(0.1)
            while not stop.is_set():
                try:
                    accepted.append(server.accept()[0])
                except OSError:
                    continue
        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        yield server.getsockname()[1]
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()


class TestConnection:
    def test_every_request_asks_for_hal(self) -> None:
        """Accept: application/hal+json on each request."""
        seen: list[httpx.Request] = []
        _broker([httpx.Response(200, json=INDEX)], seen).index()
        assert seen[0].headers["Accept"] == "application/hal+json"

    @pytest.mark.parametrize(("auth", "header"), [
        (BasicAuth("ann", "s3cret-password"), "Basic " + base64.b64encode(b"ann:s3cret-password").decode()),
        (TokenAuth("t0ken-value"), "Bearer t0ken-value"),
    ])
    def test_sends_basic_or_bearer_credentials(self, auth: BasicAuth | TokenAuth, header: str) -> None:
        """Username/password go as basic auth, a token (PactFlow) as a bearer token."""
        seen: list[httpx.Request] = []
        _broker([httpx.Response(200, json=INDEX)], seen, auth=auth).index()
        assert seen[0].headers["Authorization"] == header

    def test_credentials_in_the_url_are_taken_out_of_it(self) -> None:
        """https://user:password@host: the URL shown has no user information, the request has basic auth."""
        seen: list[httpx.Request] = []
        broker = _broker([httpx.Response(200, json=INDEX)], seen, url="http://ann:s3cret-password@broker.test/")
        broker.index()
        assert broker.url == "http://broker.test" and "s3cret" not in repr(broker)
        assert seen[0].headers["Authorization"].startswith("Basic ")
        assert "s3cret" not in str(seen[0].url)


class TestFromEnv:
    ENV: ClassVar[dict[str, str]] = {"PACT_BROKER_BASE_URL": "http://env.test", "PACT_BROKER_USERNAME": "ann",
           "PACT_BROKER_PASSWORD": "s3cret-password"}

    def test_reads_the_pact_broker_variables(self) -> None:
        """PACT_BROKER_BASE_URL, _USERNAME and _PASSWORD, as the official tools read them."""
        broker = Broker.from_env(environ=self.ENV)
        assert broker.url == "http://env.test"
        assert broker._http._client.auth is not None

    def test_arguments_win_and_a_token_wins_over_basic(self) -> None:
        """An explicit URL beats the environment; PACT_BROKER_TOKEN beats a username."""
        seen: list[httpx.Request] = []
        broker = Broker.from_env("http://arg.test", environ={**self.ENV, "PACT_BROKER_TOKEN": "t0ken-value"},
                                 transport=_transport([httpx.Response(200, json=INDEX)], seen))
        broker.index()
        assert broker.url == "http://arg.test"
        assert seen[0].headers["Authorization"] == "Bearer t0ken-value"

    @pytest.mark.parametrize(("environ", "message"), [
        ({}, "no Pact Broker URL: pass --broker-url or set PACT_BROKER_BASE_URL"),
        ({"PACT_BROKER_BASE_URL": "ftp://x"}, "is not an http\\(s\\) URL"),
    ])
    def test_a_missing_or_wrong_url_is_bad_input(self, environ: dict[str, str], message: str) -> None:
        """One sentence saying what to set."""
        with pytest.raises(InputError, match=message):
            Broker.from_env(environ=environ)

    def test_a_password_without_a_username_is_refused(self) -> None:
        """It would silently send no credentials otherwise."""
        with pytest.raises(ConfigurationError, match="password was given without a username"):
            Broker.from_env("http://x", password="p", environ={})


class TestRetries:
    @pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 429])
    def test_retries_transient_answers(self, status: int) -> None:
        """5xx, 408 and 429 are retried; the next success is used."""
        seen: list[httpx.Request] = []
        broker = _broker([httpx.Response(status), httpx.Response(status), httpx.Response(200, json=INDEX)], seen,
                         retries=3)
        assert broker.index() == INDEX
        assert len(seen) == 3

    def test_retries_are_bounded(self) -> None:
        """After the retries, a 5xx is an error naming the status and the attempts."""
        seen: list[httpx.Request] = []
        with pytest.raises(PactBrokerResponseError, match=r"HTTP 503, after 3 attempts\): fake down"):
            _broker([httpx.Response(503, json={"error": "fake down"})], seen, retries=2).index()
        assert len(seen) == 3

    def test_a_client_error_is_not_retried(self) -> None:
        """A 400 is answered at once."""
        seen: list[httpx.Request] = []
        with pytest.raises(PactBrokerRejected):
            _broker([httpx.Response(400, json={"errors": {"x": ["bad"]}})], seen, retries=3).index()
        assert len(seen) == 1

    def test_backoff_doubles_and_honours_retry_after_within_a_bound(self) -> None:
        """Waits 0.5, 1, 2… seconds, longer when Retry-After asks, never more than 10."""
        slept: list[float] = []
        answers: list[httpx.Response | Exception] = [
            httpx.Response(503), httpx.Response(503), httpx.Response(429, headers={"Retry-After": "3"}),
            httpx.Response(429, headers={"Retry-After": "3600"}), httpx.Response(200, json={})]
        http = BrokerHttp("http://b.test", retries=4, backoff=0.5, transport=_transport(answers, []),
                          sleep=slept.append)
        http.get("http://b.test/")
        assert slept == [0.5, 1.0, 3.0, 10.0]


class TestErrors:
    def test_an_unreachable_broker_is_one_sentence(self) -> None:
        """Nothing listening: unreachable, with the URL and the number of tries; exit 2 (InputError)."""
        port = free_port()
        with pytest.raises(PactBrokerUnreachable, match=rf"the Pact Broker at http://127.0.0.1:{port} is "
                                                        r"unreachable: .*\(tried 2 times\)") as caught:
            Broker(f"http://127.0.0.1:{port}", retries=1, backoff=0).index()
        assert isinstance(caught.value, InputError)

    def test_every_request_times_out(self, silent_server: int) -> None:
        """A broker that never answers is reported after the timeout, not waited for."""
        with pytest.raises(PactBrokerUnreachable, match="did not answer GET .* in time"):
            Broker(f"http://127.0.0.1:{silent_server}", timeout=0.2, retries=0).index()

    @pytest.mark.parametrize("status", [401, 403])
    def test_wrong_credentials(self, status: int) -> None:
        """401/403 say the credentials were refused and which options and variables set them."""
        seen: list[httpx.Request] = []
        with pytest.raises(PactBrokerAuthError, match=rf"refused the credentials .*HTTP {status}.*PACT_BROKER_TOKEN"):
            _broker([httpx.Response(status)], seen, auth=BasicAuth("ann", "s3cret-password")).index()

    def test_an_unknown_provider_gives_the_brokers_message(self) -> None:
        """The broker's 404 text is in the error."""
        with FakeBroker() as fake, Broker(fake.url, retries=0) as broker, \
                pytest.raises(PactBrokerRejected, match="HTTP 404\\): No provider with name 'Nobody' found"):
            broker.pacts_for_verification("Nobody", selectors=[])

    def test_the_brokers_validation_errors_are_shown(self) -> None:
        """A 400 with the broker's errors object names each field and message."""
        with FakeBroker() as fake, Broker(fake.url, retries=0) as broker:
            fake.pacticipant("Bar")
            from pactspec.broker import Selector

            with pytest.raises(PactBrokerRejected, match="providerVersionBranch must be specified"):
                broker.pacts_for_verification("Bar", selectors=[Selector(matching_branch=True)])

    @pytest.mark.parametrize(("answer", "message"), [
        (httpx.Response(200, text="<html>proxy login</html>"), "is not a JSON object: '<html>proxy login</html>'"),
        (httpx.Response(200, json={"_links": []}), "'_links' is not a JSON object"),
        (httpx.Response(200, json={"_links": {}}), "has no 'pb:provider-pacts-for-verification' link"),
    ])
    def test_a_malformed_hal_answer(self, answer: httpx.Response, message: str) -> None:
        """An index that is not HAL is one sentence naming what is wrong."""
        with pytest.raises(PactBrokerResponseError, match=message):
            _broker([answer], []).pacts_for_verification("Bar")

    def test_a_malformed_pact_list(self) -> None:
        """A for-verification answer without _embedded.pacts is named."""
        answers: list[httpx.Response | Exception] = [httpx.Response(200, json=INDEX), httpx.Response(200, json={})]
        with pytest.raises(PactBrokerResponseError, match="have no '_embedded.pacts' list"):
            _broker(answers, []).pacts_for_verification("Bar")


def _failing_calls() -> list[Callable[[BasicAuth | TokenAuth], None]]:
    def unauthorised(auth: BasicAuth | TokenAuth) -> None:
        _broker([httpx.Response(401, text="no")], [], auth=auth).index()

    def server_error(auth: BasicAuth | TokenAuth) -> None:
        _broker([httpx.Response(500, text="boom")], [], auth=auth).index()

    def unreachable(auth: BasicAuth | TokenAuth) -> None:
        Broker(f"http://127.0.0.1:{free_port()}", auth, retries=0).index()

    def with_url_credentials(auth: BasicAuth | TokenAuth) -> None:
        Broker(f"http://ann:s3cret-password@127.0.0.1:{free_port()}", retries=0).index()
    return [unauthorised, server_error, unreachable, with_url_credentials]


class TestSecrets:
    @pytest.mark.parametrize("call", _failing_calls(), ids=lambda c: c.__name__)
    @pytest.mark.parametrize("auth", [BasicAuth("ann", "s3cret-password"), TokenAuth("t0ken-value")],
                             ids=["basic", "token"])
    def test_secrets_never_reach_errors_or_debug_logs(self, call: Callable[[BasicAuth | TokenAuth], None],
                                                      auth: BasicAuth | TokenAuth,
                                                      caplog: pytest.LogCaptureFixture) -> None:
        """Neither the password, the token nor the basic header appear in the error or any DEBUG log line."""
        caplog.set_level(logging.DEBUG)
        with pytest.raises(PactBrokerError) as caught:
            call(auth)
        shown = f"{caught.value}\n{caught.value!r}\n{caplog.text}"
        assert caplog.text, "nothing was logged at DEBUG: the check would be empty"
        assert [secret for secret in SECRETS if secret in shown] == []


def test_pactspec_imports_the_http_client_only_when_a_broker_is_used() -> None:
    """`import pactspec`, the CLI's parser and the step library do not import httpx (startup time)."""
    import subprocess
    import sys

    code = ("import sys, pactspec, pactspec.cli, pactspec.steps; pactspec.cli.build_parser(); "
            "print('httpx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"


def test_broker_options_never_show_credentials() -> None:
    """The provider side's options keep the password and token out of their repr."""
    from pactspec.broker import BrokerOptions

    shown = repr(BrokerOptions("orders", "http://b", username="ann", password="s3cret-password", token="t0ken-value"))
    assert "s3cret" not in shown and "t0ken" not in shown


class TestPublishResultsErrors:
    PACT_LIST: ClassVar[dict[str, Any]] = {"_embedded": {"pacts": [{"_links": {"self": {"href": "/pacts/1"}}}]}}

    def _pact(self, content: dict[str, Any]) -> tuple[Broker, Any]:
        answers: list[httpx.Response | Exception] = [
            httpx.Response(200, json=INDEX), httpx.Response(200, json=self.PACT_LIST),
            httpx.Response(200, json=content)]
        broker = _broker(answers, [])
        [pact] = broker.pacts_for_verification("Bar", selectors=[])
        return broker, pact

    def test_a_pact_without_a_results_link_cannot_be_published(self) -> None:
        """The error names the pact and the missing relation."""
        broker, pact = self._pact({"consumer": {"name": "Foo"}})
        with pytest.raises(PactBrokerResponseError, match="has no 'pb:publish-verification-results' link"):
            broker.publish_results(pact, [], provider_version="1")

    def test_a_branch_needs_the_pacts_provider_link(self) -> None:
        """Setting the provider branch follows pb:provider; a pact without it is named."""
        broker, pact = self._pact({"_links": {"pb:publish-verification-results": {"href": "/r"}}})
        with pytest.raises(PactBrokerResponseError, match="has no 'pb:provider' link"):
            broker.publish_results(pact, [], provider_version="1", provider_branch="main")

    def test_a_pending_flag_that_is_not_boolean_is_malformed(self) -> None:
        """verificationProperties.pending must be true or false."""
        answers: list[httpx.Response | Exception] = [httpx.Response(200, json=INDEX), httpx.Response(200, json={
            "_embedded": {"pacts": [{"_links": {"self": {"href": "/p"}}, "verificationProperties": {"pending": "no"}}]}})]
        with pytest.raises(PactBrokerResponseError, match="'pending' is not true or false"):
            _broker(answers, []).pacts_for_verification("Bar")
