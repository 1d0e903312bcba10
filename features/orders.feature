Feature: Order messages
  The shipping service plans shipments from the order service's events and asks it for stock
  before it promises a delivery date.

  Background:
    Given "shipping-service" consumes messages from "order-service"

  Scenario: an order is created
    Given the provider state "an order with two items"
    When the message "an order created event" is received
    And the message metadata is:
      | key          | value            | matcher                | generator |
      | Content-Type | application/json |                        |           |
      | topic        | orders.created   | regex orders\.[a-z]+   |           |
      | messageId    | 42               | integer                | random int 1 1000000 |
    Then the content matches:
      | path                 | example                              | matcher                        | generator            |
      | $.orderId            | 6c3a7c49-8d4e-4f59-9a21-8f5e0b6f6d10 | uuid                           | uuid                 |
      | $.createdAt          | 2024-05-01T10:00:00                  | datetime yyyy-MM-dd'T'HH:mm:ss | datetime yyyy-MM-dd'T'HH:mm:ss |
      | $.customer.email     | billy@example.com                    | include @                      |                      |
      | $.customer['first name'] | Billy                            | not empty                      |                      |
      | $.items              |                                      | each like min 1                |                      |
      | $.items[*].sku       | AB-1                                 | regex [A-Z]{2}-[0-9]+          |                      |
      | $.items[*].quantity  | 2                                    | integer                        | random int 1 5       |
      | $.items[*].price     | 9.5                                  | decimal                        |                      |
      | $.discounts          | {"SPRING": 5}                        | values                         |                      |
      | $.tags               | ["gift", "express"]                  | array contains                 |                      |
      | $.version            | 1.2.0                                | semver                         |                      |
    And it is handled by "orders.consumer:handle_order_created"

  Scenario: an order is cancelled
    Given the provider state "an order with two items"
    When the message "an order cancelled event" is received
    Then the content is:
      """
      {
        "orderId": {{ uuid("6c3a7c49-8d4e-4f59-9a21-8f5e0b6f6d10") }},
        "reason": {{ string("the customer changed their mind") }},
        "refund": {{ number(19) }},
        "notes": {{ null() }},
        "lines": {{ each_value({"AB-1": 1}, "integer") }}
      }
      """
    And it is handled by "orders.consumer:handle_order_cancelled"

  Scenario: an order is shipped (an XML event)
    Given the provider state "a shipped order"
    When the message "an order shipped event" is received
    Then the content of type "application/xml" is:
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <shipment orderId="{{ regex('6c3a7c49-8d4e-4f59-9a21-8f5e0b6f6d10', '[0-9a-f-]{36}') }}">
        <trackingNumber>{{ regex("1Z999AA10123456784", "1Z[0-9A-Z]{16}") }}</trackingNumber>
        <carrier>{{ string("UPS") }}</carrier>
      </shipment>
      """
    And it is handled by "orders.consumer:handle_order_shipped"

  Scenario: a stock check before shipping (request/response)
    Given the provider state "AB-1 is in stock" with:
      | sku    | quantity |
      | "AB-1" | 7        |
    When the request message "a stock check" is sent
    And the content matches:
      | path  | example | matcher               |
      | $.sku | AB-1    | regex [A-Z]{2}-[0-9]+ |
    Then the response message matches:
      | path        | example | matcher | generator               |
      | $.sku       | AB-1    | type    | provider state ${sku}   |
      | $.available | true    | boolean |                         |
      | $.quantity  | 7       | integer | provider state ${quantity} |
    And the response metadata is:
      | key          | value            |
      | Content-Type | application/json |
    And it is handled by "orders.consumer:check_stock"
