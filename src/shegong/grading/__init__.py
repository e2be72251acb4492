"""Grading and quality certification of organisations (ORG-3): cycles, self-assessment, scoring, grades 1A-5A."""
