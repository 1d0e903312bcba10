"""The user directory: it keeps a copy of every user from the entries of the Redis stream ``users``."""
