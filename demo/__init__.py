"""The demo: a synthetic history replayed through the service (`credit-energy demo`)."""
