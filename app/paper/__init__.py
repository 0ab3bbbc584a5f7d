"""Printable paper questionnaires for people without a smartphone (each sheet with its code)."""
