"""The order-events service: it puts order events on the Kinesis stream ``orders``, keyed by order."""
