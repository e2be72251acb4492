"""Governance (GOV-2): the bodies that steer the system; the coordinating committees."""
