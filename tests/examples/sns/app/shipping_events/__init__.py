"""The shipping service: it publishes shipment events on the SNS topic ``shipments``."""
