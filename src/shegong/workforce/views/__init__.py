"""Pages of the workforce module, one module per part (see ``urls.py``): posts and employment
(``posts.py``), grades, pay and promotion (``pay.py``), the compliance dashboard
(``compliance.py``) and the file imports (``imports.py``)."""
