"""Test helpers shared by every app's tests (factories for areas, users and memberships)."""
