"""Planner pages for the data: Quartiere, indicators, social index and the map."""
