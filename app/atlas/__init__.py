"""The Quartiere over time and the Sozialatlas: indicators per year, their change, the maps."""
