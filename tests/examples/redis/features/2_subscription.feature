Feature: The user directory reads its contract's messages through its real subscription
  pactspec adds each contract's example to the stream; the directory's own Redis code (its
  consumer group, its decoding) has to deliver it to the handler.

  Scenario: every contracted message reaches the directory
    Given the transport at "${REDIS_URL}"
    And the user directory is subscribed
    When the messages of the pacts in "pacts" are delivered to the Redis stream "users"
    Then "user_directory.subscriber:has_user_127" is true within 5 seconds
