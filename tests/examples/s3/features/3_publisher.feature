@provider
Feature: billing writes to S3 what its consumers expect
  The service's real code writes to S3; pactspec lists the bucket and checks the new object:
  body, key, content type and user metadata.

  Background:
    Given the pacts for provider "billing" in "pacts"
    And the transport at "${S3_URL}"
    And the messages are captured from the S3 bucket "invoices"

  Scenario: the real publisher honours every contract
    Given the producers in "billing.publisher"
    When the pacts are verified against the transport
    Then every interaction passes

  Scenario: a wrong key prefix is caught before it ships
    Given the producers in "billing.broken_publisher"
    When the pacts are verified against the transport
    Then the verification fails
    And the verification report says:
      """
      metadata key: Expected 'invoice/1001.json' to match 'invoices/[0-9]+\.json'
      """
