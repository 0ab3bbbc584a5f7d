"""Statistics on tidy frames (no Flask, no plotting): aggregation with small-group suppression,
the social index, the needs validation with its intervals and tests, time series and dynamics,
funds and the Kreis.

One module per idea; import from the modules themselves (this package re-exports nothing).
"""
