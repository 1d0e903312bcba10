"""Billing: it writes each invoice as a JSON object under ``invoices/`` in the S3 bucket ``invoices``."""
