"""Names and secrets the security tests plant and then look for."""

from __future__ import annotations

#: An origin a deployment allows besides its own.
ALLOWED = "https://beteiligung.stadt.example"
#: The account whose logins the throttle tests count.
EMAIL = "plan@example.org"
#: The secret key of the upload tests: it must never appear in an answer.
SECRET = "qk-secret-5d1e8c0f9a7b4c2e"
#: Another account, which a planner never sees.
OTHER = "admin-geheim@kreis.example"
#: The accounts of the browser's XSS tests.
PLANNER, MODERATOR = "plan@example.org", "mod@example.org"
#: How long refusing a hostile upload may take, generously (the machine is shared).
ANSWER_SECONDS = 20
