"""Use cases: one function each, one transaction each, domain errors on bad input."""
