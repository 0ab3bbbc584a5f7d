"""A Kommune's settings of the needs validation: thresholds and theme–indicator hypotheses."""

from __future__ import annotations

from app.models import Kommune


def options(kommune: Kommune) -> dict:
    """Keyword arguments for ``validate_needs`` from the Kommune's settings (none: defaults)."""
    return {}
