"""Continuing education and supervision (EDU-1 to EDU-4)."""
