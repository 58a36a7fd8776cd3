"""API of work processing."""
