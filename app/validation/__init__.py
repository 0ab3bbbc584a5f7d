"""The needs validation for planners: a Kommune's thresholds and hypotheses, the methods page."""
