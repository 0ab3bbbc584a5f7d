"""The offers of a Kommune (Angebotslandkarte): list, add, delete, coverage map and table."""
