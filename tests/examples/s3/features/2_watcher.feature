Feature: Accounting reads its contract's objects through its real S3 reader
  pactspec writes each contract's example as an object; accounting's own reader has to find it.

  Scenario: every contracted invoice is booked
    Given the transport at "${S3_URL}"
    And accounting is watching the bucket
    When the messages of the pacts in "pacts" are delivered to the S3 bucket "invoices"
    Then "accounting.watcher:has_booked_1001" is true within 5 seconds
