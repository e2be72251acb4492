"""Incubation bases (ORG-4): places, calls for applicants, applications scored by priority
rules that are data, admission, occupancy over time, milestones, graduation and exit."""
