"""The JSON API for answers (the offline queue and other clients): app/api/openapi.yaml."""
