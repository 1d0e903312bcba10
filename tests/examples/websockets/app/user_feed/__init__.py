"""The user feed: a WebSocket client of user-events that shows every new user and looks users up."""
