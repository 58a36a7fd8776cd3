"""API of the organisation domain (units, people, positions, the signed-in account)."""
