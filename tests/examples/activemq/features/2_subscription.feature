Feature: The user directory reads its contract's messages through its real subscription
  pactspec sends each contract's example to the queue; the directory's own STOMP code (its
  subscription, its acknowledgements, its decoding) has to deliver it to the handler.

  Scenario: every contracted message reaches the directory
    Given the transport at "${STOMP_URL}"
    And the user directory is subscribed
    When the messages of the pacts in "pacts" are delivered to the ActiveMQ queue "users"
    Then "user_directory.subscriber:has_user_127" is true within 5 seconds
