"""Read-side queries: plain, frozen rows for the screens and the exporters.

Each function opens its own session and answers with one query per list (joins and aggregates, never a
query per row). Nothing here returns a live ORM object, so a caller can keep the rows as long as it likes.
"""
