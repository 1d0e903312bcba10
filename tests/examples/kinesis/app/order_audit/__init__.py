"""The order audit: it records every order placed, read from the Kinesis stream ``orders``."""
