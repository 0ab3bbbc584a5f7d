"""Planning: areas, indicators, the social index and campaign reports, for the CLI and views."""
