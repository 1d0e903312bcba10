Feature: User events
  The user service keeps a copy of every user. It consumes the events "user-events" publishes
  and must cope with every message this contract allows.

  Background:
    Given "user-service" consumes messages from "user-events"

  Scenario: a user event
    Given the provider state "User with id 127 exists" with:
      | id  |
      | 127 |
    When the message "a user event" is received
    And the message metadata is:
      | key          | value            | matcher              |
      | Content-Type | application/json |                      |
      | topic        | users.v1         | regex users\.v[0-9]+ |
    Then the content matches:
      | path       | example    | matcher        |
      | $.datetime | 2020-01-01 | regex [0-9\-]+ |
      | $.name     | Billy      | type           |
      | $.lastName | Sampson    | type           |
      | $.id       | 12         | integer        |
    And it is handled by "users.consumer:handle_user"

  Scenario: a user event read into a User object
    Given the provider state "User with id 127 exists" with:
      | id  |
      | 127 |
    When the message "a user event as a User" is received
    And the message metadata is:
      | key          | value            |
      | Content-Type | application/json |
    Then the content matches:
      | path       | example    | matcher        | generator             |
      | $.datetime | 2020-01-01 | date yyyy-MM-dd |                      |
      | $.name     | Billy      | type           |                       |
      | $.lastName | Sampson    | type           |                       |
      | $.id       | 127        | integer        | provider state ${id}  |
    And it is handled by "users.consumer:handle_user_object" as "users.consumer:User"

  Scenario: a user deleted event
    Given the provider state "User with id 127 exists" with:
      | id  |
      | 127 |
    And the provider state "the user was deleted"
    When the message "a user deleted event" is received
    And the message metadata is:
      | key   | value    | matcher              |
      | topic | users.v1 | regex users\.v[0-9]+ |
    Then the content is:
      """
      {
        "id": {{ integer(127) }},
        "deletedAt": {{ datetime("2024-05-01T10:00:00", "yyyy-MM-dd'T'HH:mm:ss") }},
        "reasons": {{ each_like("requested by the user", min=0) }}
      }
      """
    And it is handled by "users.consumer:handle_user_deleted"

  Scenario: a user event with an impossible id is rejected
    When the message "a user event with id -1" is received
    Then the content matches:
      | path       | example    | matcher |
      | $.datetime | 2020-01-01 | type    |
      | $.name     | Nobody     | type    |
      | $.lastName | Nobody     | type    |
      | $.id       | -1         | integer |
    And it is handled by "users.consumer:handle_user"
    Then the handler rejects it with "invalid user id -1"
