"""The user-events service: it publishes user events on MQTT topics ``users/…``."""
