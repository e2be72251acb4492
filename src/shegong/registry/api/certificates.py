"""Placeholder: filled by the certificates part of issue 3 (API routes)."""


def register_routes(router) -> None:
    """Add this part's viewsets to the register's API router."""
