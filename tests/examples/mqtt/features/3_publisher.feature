@provider
Feature: user-events publishes on MQTT what its consumers expect
  The service's real publishing code runs against the broker; pactspec subscribes to every users
  topic and checks the message that arrives: body, topic, QoS and properties.

  Background:
    Given the pacts for provider "user-events" in "pacts"
    And the transport at "${MQTT_URL}"
    And the messages are captured from the MQTT topic "users/#"

  Scenario: the real publisher honours every contract
    Given the producers in "user_events.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: a changed topic is caught before it ships
    Given the producers in "user_events.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      metadata topic: Expected message metadata 'topic' to have value 'users/created' but was 'users/new'
      """
