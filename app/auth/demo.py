"""Demo accounts for the Musterstadt demo data (documented in docs/workspace.md)."""

from __future__ import annotations

from app.auth.services import create_user, find_user

#: Demo logins: public on purpose, for a laptop demo only. Never load the demo in production.
DEMO_ACCOUNTS = (
    ("planung@musterstadt.example", "planner", "Musterstadt-Planung"),
    ("moderation@musterstadt.example", "moderator", "Musterstadt-Moderation"),
)


def create_demo_accounts(kommune: str = "Musterstadt") -> list[tuple[str, str, str]]:
    """Create the demo planner and moderator if missing; return (email, role, password)."""
    for email, role, password in DEMO_ACCOUNTS:
        if find_user(email) is None:
            create_user(email, role, [kommune], password)
    return list(DEMO_ACCOUNTS)
