@provider
Feature: user-events publishes on NATS what its consumers expect
  The service's real publishing code runs against NATS; pactspec subscribes to every users
  subject and checks the message that arrives: body, subject and headers.

  Background:
    Given the pacts for provider "user-events" in "pacts"
    And the transport at "${NATS_URL}"
    And the messages are captured from the NATS subject "users.>"

  Scenario: the real publisher honours every contract
    Given the producers in "user_events.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: a changed subject is caught before it ships
    Given the producers in "user_events.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      metadata subject: Expected message metadata 'subject' to have value 'users.created' but was 'users.new'
      """
