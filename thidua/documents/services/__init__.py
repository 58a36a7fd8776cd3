"""Writes of the work-processing domain. Every service records an audit event."""
