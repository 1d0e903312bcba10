Feature: The user feed's contract with user-events
  The feed connects to user-events over a WebSocket (path /users, subprotocol users.v1). The
  service pushes a "user created" event to every client; the feed may ask for a user on the same
  connection and gets one reply.

  Scenario: a user created event
    Given "user-feed" consumes messages from "user-events"
    And the provider state "User 127 exists" with:
      | id  |
      | 127 |
    When the message "a user created event" is received
    And the message metadata is:
      | key         | value            |
      | contentType | application/json |
      | path        | /users           |
      | subprotocol | users.v1         |
      | frame       | text             |
    Then the content matches:
      | path    | example     | matcher |
      | $.event | UserCreated |         |
      | $.id    | 127         | integer |
      | $.name  | Ada         | type    |
    And it is handled by "user_feed.handler:handle_user_created"

  Scenario: a user lookup (request/reply)
    Given "user-feed" consumes messages from "user-events"
    And the provider state "User 127 exists" with:
      | id  |
      | 127 |
    When the request message "a user lookup" is sent
    And the content matches:
      | path     | example | matcher |
      | $.lookup | 127     | integer |
    And the message metadata is:
      | key         | value            |
      | contentType | application/json |
      | path        | /users           |
      | subprotocol | users.v1         |
    Then the response message matches:
      | path   | example | matcher |
      | $.id   | 127     | integer |
      | $.name | Ada     | type    |
    And the response metadata is:
      | key         | value            |
      | contentType | application/json |
      | frame       | text             |
    And it is handled by "user_feed.handler:handle_lookup"
