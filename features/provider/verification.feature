@provider
Feature: The providers honour their consumers' contracts
  The producing teams run their real producers against every pact their consumers wrote (the
  consumer features above write them to pacts/) before they deploy.

  Scenario: user-events honours its consumers' contracts
    Given the pacts for provider "user-events" in "pacts/"
    And the producers in "users.producer"
    When the pacts are verified
    Then every interaction passes

  Scenario: order-service honours its consumers' contracts
    Given the pacts for provider "order-service" in "pacts/"
    And the producers in "orders.producer"
    And the provider version "1.4.0"
    When the pacts are verified
    Then every interaction passes

  Scenario: a regression in the user serializer is caught before it ships
    Given the pacts for provider "user-events" in "pacts/"
    And the producers in "users.broken_producer"
    And only the interactions described as "^a user event$"
    When the pacts are verified
    Then the verification fails
    And the verification report says:
      """
      FAILED  a user event  [provider state "User with id 127 exists" {"id": 127}]
      1) 1 mismatch in "a user event" (features/users.feature:8) from consumer "user-service"
      (1) $.id: Expected '127' (String) to be an integer
      """
