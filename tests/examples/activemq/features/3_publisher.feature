@provider
Feature: user-events sends to ActiveMQ what its consumers expect
  The service's real publishing code runs against ActiveMQ; pactspec reads the queue (leaving
  what was already waiting there) and checks the message that arrives: body, destination, headers.

  Background:
    Given the pacts for provider "user-events" in "pacts"
    And the transport at "${STOMP_URL}"
    And the messages are captured from the ActiveMQ queue "users"

  Scenario: the real publisher honours every contract
    Given the producers in "user_events.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: a dropped header is caught before it ships
    Given the producers in "user_events.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      metadata type: Expected message metadata 'type' but was missing
      """
