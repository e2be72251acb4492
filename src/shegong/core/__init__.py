"""The framework layer: models, permissions, services, audit, generic views, API."""
