"""Views of the register, one module per part of the workflow (see ``urls.py``)."""
