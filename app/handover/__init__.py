"""Answer files handed over from phones that could not send them: the planner's upload page."""
