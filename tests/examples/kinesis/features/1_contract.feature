Feature: The order audit's contract with order-events
  The audit reads "order placed" events from the Kinesis stream "orders". Records of one order
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
    And it is handled by "order_audit.handler:handle_order_placed"
