"""Organisations: employers, training providers; scopes of their administrators."""
