"""Charts drawn on matplotlib Figures (never pyplot), each taking its labels from the caller."""
