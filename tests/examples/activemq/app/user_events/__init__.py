"""The user-events service: it sends user events to the ActiveMQ queue ``users``."""
