"""Notifications: it tells customers their order shipped, from the ``shipments`` topic."""
