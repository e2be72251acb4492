"""The public pages, one module per part (see ``urls.py``): the front page (``home.py``), the
public register and bulk verification (``register.py``, REG-5), verification of a certificate
or a register number (``verify.py``, REG-5), complaints (``complaints.py``, REG-4) and
the public tender pages (``tenders.py``, PUB-1 and FIN-3)."""
