"""Statistics of the needs validation: the rating scale, intervals, associations, verdicts.

One module per idea; import from the modules themselves (this package re-exports nothing).
"""
