Feature: Notifications reads its contract's messages through its real, filtered subscription
  pactspec publishes each contract's example on the topic; the subscription's filter policy and
  the code that unwraps the SNS envelope have to let it through to the handler.

  Scenario: every contracted message reaches notifications
    Given the transport at "${SNS_URL}"
    And notifications is subscribed
    When the messages of the pacts in "pacts" are delivered to the SNS topic "shipments"
    Then "notifications.subscriber:has_notified_1001" is true within 5 seconds
