"""Oversight of what the government buys (FIN-5): organisations' annual work reports on a form
that is data, with late filing flagged; financial and performance audits of contracts, with
findings, required actions, deadlines and follow-up."""
