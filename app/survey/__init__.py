"""The resident survey: choose a Quartier, answer the themes, see your own compass."""
