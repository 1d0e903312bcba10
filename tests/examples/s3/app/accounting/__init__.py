"""Accounting: it books every invoice written under ``invoices/`` in the bucket ``invoices``."""
