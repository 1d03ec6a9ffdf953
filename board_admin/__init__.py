"""Board Admin: the business unit's record of a safeguarding partnership's boards."""

__version__ = "0.1.0"
