Feature: The user directory reads its contract's messages through its real subscription
  pactspec publishes each contract's example on the exchange; the directory's own RabbitMQ code
  (its queue, its binding, its decoding) has to deliver it to the handler.

  Scenario: every contracted message reaches the directory
    Given the transport at "${AMQP_URL}"
    And the user directory is subscribed
    When the messages of the pacts in "pacts" are delivered to the RabbitMQ exchange "users"
    Then "user_directory.subscriber:has_user_127" is true within 5 seconds
