"""Open contracting data (issue 14, point 7): the procurements published as OCDS 1.1.5
releases and records (ADR 0053).

- ``jsonout``: money as exact JSON numbers from Decimal, dates in ISO 8601 with the offset.
- ``codelists``: our choices mapped to the OCDS codelists.
- ``builders``: one release per stage (planning, tender, award, contract, implementation).
- ``records``: the compiled release (OCDS merge rules) and the record of a procurement.
- ``packaging``: what is public (never a draft), release and record packages, a page of them.
- ``validation``: the vendored schemas (``schema/1.1.5/``), offline.
- ``bulk``: the background job writing the ZIP of both packages.
"""
