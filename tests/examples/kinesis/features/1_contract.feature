Feature: The order audit's contract with order-events
  The audit is a Lambda function fed "order placed" events from the Kinesis stream "orders". Records of one order
  must share a partition key, so that they arrive in order: the contract says which.

  Scenario: an order placed event
    Given "order-audit" consumes messages from "order-events"
    And the provider state "Order 1001 was placed" with:
      | id   |
      | 1001 |
    When the message "an order placed event" is received
    And the message metadata is:
      | key          | value            |
      | contentType  | application/json |
      | partitionKey | order-1001       |
    Then the content matches:
      | path      | example | matcher |
      | $.orderId | 1001    | integer |
      | $.total   | 42.5    | decimal |
    And it is handled by "order_audit.lambda_fn:handler" as a Lambda Kinesis event

  Scenario: a record keyed by customer is reported back as a batch item failure
    Given "order-audit" consumes messages from "order-events"
    When the message "an order placed event keyed by customer" is received
    And the message metadata is:
      | key          | value       |
      | partitionKey | customer-7  |
    Then the content matches:
      | path      | example | matcher |
      | $.orderId | 1001    | integer |
      | $.total   | 42.5    | decimal |
    And it is handled by "order_audit.lambda_fn:handler" as a Lambda Kinesis event
    Then the handler rejects it with "batchItemFailures lists the record"
