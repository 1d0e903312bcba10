"""The user-events service: it publishes user events on NATS subjects ``users.*``."""
