"""Background job handlers of the organisation domain."""
