"""Measures after the round table: list, create, edit, history, evaluation, public list."""
