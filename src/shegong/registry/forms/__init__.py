"""Forms of the register's pages, one module per part of the workflow, like ``views/``."""
