"""A survey's results for planners: overview, compasses, quadrant, downloads, purging answers."""
