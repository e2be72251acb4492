"""The annual assessment of social workers (REG-6)."""
