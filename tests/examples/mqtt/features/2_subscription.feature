Feature: The user directory reads its contract's messages through its real subscription
  pactspec publishes each contract's example to the broker; the directory's own subscription (its
  topic, its decoding of the MQTT 5 properties) has to deliver it to the handler.

  Scenario: every contracted message reaches the directory
    Given the transport at "${MQTT_URL}"
    And the user directory is subscribed
    When the messages of the pacts in "pacts" are delivered to the MQTT topic "users/created"
    Then "user_directory.subscriber:has_user_127" is true within 5 seconds
