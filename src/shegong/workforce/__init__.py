"""Posts, employment, pay and insurance, the compliance dashboard."""
