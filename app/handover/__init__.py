"""Answers that reach the planner by hand: answer files saved on phones, typed-in paper sheets."""
