Feature: Accounting's contract with billing
  Accounting books the invoices billing writes to the S3 bucket "invoices". It reads only keys
  under "invoices/": the contract says so with a regex on the object's key.

  Scenario: an invoice
    Given "accounting" consumes messages from "billing"
    And the provider state "Invoice 1001 was issued" with:
      | id   |
      | 1001 |
    When the message "an invoice" is received
    And the message metadata is:
      | key               | value               | matcher                   |
      | contentType       | application/json    |                           |
      | key               | invoices/1001.json  | regex invoices/[0-9]+\.json |
      | x-amz-meta-source | billing             |                           |
    Then the content matches:
      | path        | example | matcher |
      | $.invoiceId | 1001    | integer |
      | $.amount    | 99.0    | decimal |
    And it is handled by "accounting.handler:book_invoice"
