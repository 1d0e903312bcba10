"""The user-events service: it adds user events to the Redis stream ``users``."""
