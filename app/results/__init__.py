"""Public, aggregated results of a survey, once the planner switches them on."""
