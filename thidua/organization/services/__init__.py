"""Writes of the organisation domain. Every service records an audit event."""
