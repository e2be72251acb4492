"""Grading and quality certification of organisations (ORG-3): self-assessment, scores, 1A-5A."""
