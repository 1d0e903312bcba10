"""The user directory: it keeps a copy of every user from the events on the ActiveMQ queue ``users``."""
