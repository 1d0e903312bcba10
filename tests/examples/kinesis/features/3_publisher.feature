@provider
Feature: order-events puts on Kinesis what its consumers expect
  The service's real publishing code runs against Kinesis; pactspec reads every shard of the
  stream and checks the record that arrives: body and partition key.

  Background:
    Given the pacts for provider "order-events" in "pacts"
    And the transport at "${KINESIS_URL}"
    And the messages are captured from the Kinesis stream "orders"

  Scenario: the real publisher honours every contract
    Given the producers in "order_events.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: a changed partition key is caught before it ships
    Given the producers in "order_events.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      metadata partitionKey: Expected message metadata 'partitionKey' to have value 'order-1001' but was 'customer-7'
      """
