"""What every feature relies on: configuration, extensions, the database, languages, errors,
security headers, rate limits, access (roles, Kommune scope, loader decorators) and formatting.

Nothing here imports a feature or a service.
"""
