"""Paper questionnaires for people without a smartphone, and typing them in."""
