"""The user-events service: it pushes user events to the WebSocket clients on ``/users`` and answers lookups."""
