"""ORG-5: supervision of organisations: inspections, findings, cases of violation, decisions
with sanctions, appeals, the public notice of sanctions in force, and associations'
self-regulation."""
