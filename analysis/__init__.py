"""Pure-Python analysis for Quartierskompass: import, index, aggregation and validation."""
