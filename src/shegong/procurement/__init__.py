"""Government purchase of social work services (FIN-3, FIN-6, GOV-1, VOL-3): annual purchase
plans, tenders and their periods, bids, evaluation, awards, challenges and contracts."""
