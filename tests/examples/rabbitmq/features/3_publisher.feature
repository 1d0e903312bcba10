@provider
Feature: user-events publishes on RabbitMQ what its consumers expect
  The service's real publishing code runs against RabbitMQ; pactspec listens on the exchange
  and checks the message that arrives: body, routing key, content type and headers.

  Background:
    Given the pacts for provider "user-events" in "pacts"
    And the transport at "${AMQP_URL}"
    And the messages are captured from the RabbitMQ exchange "users" with routing key "user.*"

  Scenario: the real publisher honours every contract
    Given the producers in "user_events.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: a changed routing key is caught before it ships
    Given the producers in "user_events.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      metadata routingKey: Expected message metadata 'routingKey' to have value 'user.created' but was 'user.new'
      """
