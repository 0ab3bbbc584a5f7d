"""Statistics on tidy frames: the rating scale, intervals and associations of the needs validation,
time series, dynamics, funds and the Kreis (no Flask, no plotting).

One module per idea; import from the modules themselves (this package re-exports nothing).
"""
