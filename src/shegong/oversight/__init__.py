"""Contract monitoring and evaluation visits (FIN-5): service quality standards,
self-assessments, statistics returns, the year's visit sample, visits, mid-term and final
evaluations with ratings."""
