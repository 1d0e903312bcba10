Feature: Notifications' contract with shipping
  Notifications subscribes to the SNS topic "shipments" with the filter policy
  {"eventType": ["OrderShipped"]}: without that attribute a message never reaches it, so the
  contract names it.

  Scenario: an order shipped event
    Given "notifications" consumes messages from "shipping"
    And the provider state "Order 1001 was shipped" with:
      | id   |
      | 1001 |
    When the message "an order shipped event" is received
    And the message metadata is:
      | key         | value            |
      | contentType | application/json |
      | eventType   | OrderShipped     |
    Then the content matches:
      | path      | example | matcher |
      | $.orderId | 1001    | integer |
      | $.carrier | DHL     | type    |
    And it is handled by "notifications.handler:handle_order_shipped"
