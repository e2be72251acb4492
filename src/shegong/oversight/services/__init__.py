"""Every write of contract monitoring and evaluation (FIN-5). Each function takes the acting
user (and a reason where it decides), runs in one transaction, checks the permission on the
record and leaves audit records; the numbers come from ``oversight.rules``.

=========================== ==============================================================
function                    rule
=========================== ==============================================================
``open_self_assessment``    one a contract and year, against the standards in force
``assess``                  each standard met / partly met / not met, with evidence
``submit_self_assessment``  every standard assessed
``schedule_returns``        the contract's periods and due days (``rules.return_periods``)
``submit_return``           the figures; a late return is kept and flagged
``draw_visits``             at least 30 % per district, weighted by risk, seed kept
``plan_visit``              announced (shown to the supplier) or unannounced; no tied evaluator
``record_visit``            date, findings, private notes; then shown to the supplier
``plan_evaluation``         mid-term or final (at least one month before the end); no evaluator
                            tied to the supplier
``declare_recusal``         an evaluator steps aside, with a reason (kept)
``score``                   an evaluator's score (0-100) and private notes
``rate``                    the mean score gives the rating; a pass meets the payment
                            condition (``procurement.services.contracts.record_condition``);
                            not competent bars the supplier from the buyer's tenders
=========================== ==============================================================
"""

from .evaluations import (  # noqa: F401 - the package's public names
    CONDITION,
    declare_recusal,
    plan_evaluation,
    rate,
    score,
)
from .monitoring import (  # noqa: F401
    assess,
    open_self_assessment,
    schedule_returns,
    standards_in_force,
    submit_return,
    submit_self_assessment,
    ties,
)
from .visits import (  # noqa: F401
    Candidate,
    draw_visits,
    in_force_in,
    plan_draw,
    plan_visit,
    record_visit,
    redraw,
    running_contracts,
    sample,
)
