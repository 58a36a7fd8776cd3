"""Template tags of the organisation pages."""
