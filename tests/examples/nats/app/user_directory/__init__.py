"""The user directory: it keeps a copy of every user from the events on the NATS subject ``users.created``."""
