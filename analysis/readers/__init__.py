"""Readers of files that users upload: content checks, limits and an isolated worker process."""
