"""Every write of the register and every rule of REG-1 to REG-5, one module per part:

- ``exams``: examination sessions and the all-or-nothing import of results (REG-1, REG-2);
- ``certificates``: issuing, numbering, signing and recalling certificates (REG-2, REG-4);
- ``registrations``: applications, decisions, renewal (REG-3);
- ``standing``: suspension, reinstatement, cancellation and expiry of a registration (REG-4),
  re-exported by ``registrations``;
- ``conduct``: conduct cases from complaint to appeal, and their sanctions (REG-4);
- ``public``: what the public register shows (REG-5).
"""
