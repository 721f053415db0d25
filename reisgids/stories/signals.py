"""Signal handlers are connected in services (workflow outcome → the author is told)."""
