"""Plain-Python rules of the business unit's domain: no Qt, no SQL."""
