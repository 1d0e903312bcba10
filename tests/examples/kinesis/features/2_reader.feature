Feature: The order audit reads its contract's messages through its real Kinesis reader
  pactspec puts each contract's example on the stream; the audit's own reader has to get it.

  Scenario: every contracted record reaches the audit
    Given the transport at "${KINESIS_URL}"
    And the order audit is reading the stream
    When the messages of the pacts in "pacts" are delivered to the Kinesis stream "orders"
    Then "order_audit.reader:has_order_1001" is true within 5 seconds
