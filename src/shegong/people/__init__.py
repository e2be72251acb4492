"""People: everyone the register knows, one per national ID number."""
