@provider
Feature: shipping publishes on SNS what its consumers expect
  The service's real publishing code runs against SNS; pactspec subscribes a temporary queue with
  the consumer's filter policy and checks the message that arrives: body, content type, attributes.

  Background:
    Given the pacts for provider "shipping" in "pacts"
    And the transport at "${SNS_URL}"
    And the messages are captured from the SNS topic "shipments" with the filter policy '{"eventType": ["OrderShipped"]}'

  Scenario: the real publisher honours every contract
    Given the producers in "shipping_events.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: a dropped attribute that the filter policy needs is caught before it ships
    Given the producers in "shipping_events.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      'an order shipped event' was triggered, but no message arrived on SNS topic 'shipments' (filter policy {"eventType": ["OrderShipped"]})
      """
