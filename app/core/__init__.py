"""Cross-cutting parts every feature relies on (security headers, downloads); no feature imports."""
