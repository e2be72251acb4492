"""Statistics for the leadership (GOV-1): figures of the city and its districts."""
