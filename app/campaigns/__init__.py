"""The planner's surveys: the list per Kommune, set-up, links and QR posters, bursts of answers."""
