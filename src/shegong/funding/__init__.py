"""Money for purchased social work services (FIN-1, FIN-2, FIN-4): the catalogue of what may be
bought, budget lines per year and payer, and the ledger of allocations, commitments and
payments."""
