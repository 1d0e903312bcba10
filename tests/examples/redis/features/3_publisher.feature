@provider
Feature: user-events adds to the Redis stream what its consumers expect
  The service's real publishing code runs against Redis; pactspec reads the stream from its end
  and checks the entry that arrives: body, stream and fields.

  Background:
    Given the pacts for provider "user-events" in "pacts"
    And the transport at "${REDIS_URL}"
    And the messages are captured from the Redis stream "users"

  Scenario: the real publisher honours every contract
    Given the producers in "user_events.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: a dropped field is caught before it ships
    Given the producers in "user_events.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      metadata eventType: Expected message metadata 'eventType' but was missing
      """
