"""Staff accounts: login, logout, password change, roles and Kommune scoping."""
