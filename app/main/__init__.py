"""The front page and small public pages (health check)."""
