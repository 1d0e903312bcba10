@provider
Feature: user-events pushes over its WebSocket what its consumers expect
  The service's real server runs; pactspec connects to it as a client, triggers a "user created"
  event and checks what is pushed (body, path, subprotocol, frame), then sends the contract's
  lookup and checks the reply.

  Background:
    Given the pacts for provider "user-events" in "pacts"
    And the transport at "${USER_EVENTS_WS_URL}"

  Scenario: the real server honours every contract
    Given the producers in "user_events.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: an id pushed as text is caught before it ships
    Given the producers in "user_events.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      $.id: Expected '127' (String) to be an integer
      """
