Feature: The user directory's contract with user-events
  The directory keeps a copy of every user. It reads "user created" events from the ActiveMQ
  queue "users"; the contract says what it needs, destination and headers included.

  Scenario: a user created event
    Given "user-directory" consumes messages from "user-events"
    And the provider state "User 127 exists" with:
      | id  |
      | 127 |
    When the message "a user created event" is received
    And the message metadata is:
      | key         | value            |
      | contentType | application/json |
      | destination | /queue/users     |
      | type        | UserCreated      |
      | persistent  | true             |
    Then the content matches:
      | path   | example | matcher |
      | $.id   | 127     | integer |
      | $.name | Ada     | type    |
    And it is handled by "user_directory.handler:handle_user_created"
