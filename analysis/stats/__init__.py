"""Statistics on tidy frames: time series, dynamics, funds, the Kreis (no Flask, no plotting)."""
