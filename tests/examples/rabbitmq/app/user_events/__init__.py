"""The user-events service: it publishes user events on the RabbitMQ exchange ``users``."""
