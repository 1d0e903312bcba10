Feature: The user feed reads its contract's messages through its real WebSocket client
  pactspec plays user-events: a WebSocket server that pushes each contract's example to the feed
  when it connects and answers its lookup. The feed's own client code (its subprotocol, its
  decoding, its request) has to get them to the handler.

  Scenario: every contracted message reaches the feed
    Given the messages of the pacts in "pacts" are served on the WebSocket "ws://127.0.0.1:0/users"
    And the user feed is connected to the stub
    Then "user_feed.client:has_user_127" is true within 5 seconds
    And "user_feed.client:looks_up_ada" is true within 5 seconds
    And the WebSocket stub has served 1 client within 5 seconds
