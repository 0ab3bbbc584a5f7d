"""The social index of a Kommune (computed, saved as named versions) and the map of Quartiere."""
