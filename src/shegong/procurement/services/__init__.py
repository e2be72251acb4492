"""Every write of the purchase of services, and its rules' checks (FIN-3, GOV-1, FIN-6).

One module a stage: ``tendering`` (plans, procurements, clarifications, the single-source
notice and objections); later stages add theirs beside it. The names of ``tendering`` are
here too, so ``services.publish(...)`` reads as before.
"""

from .bars import bar_from_tenders, bars_in_force, lift_bar  # noqa: F401 - FIN-3, ORG-5
from .bids import open_bids, replace_bid, submit_bid, withdraw_bid  # noqa: F401
from .contracts import (  # noqa: F401 - the contract stage (FIN-6, FIN-2, VOL-3)
    add_clause,
    add_instalment,
    amend,
    awarded_supplier,
    create_contract,
    create_plan_item,
    pay_instalment,
    payment_problem,
    record_condition,
    set_plan_lines,
    terminate,
    update_plan_item,
)
from .evaluation import (  # noqa: F401 - the evaluation stage (FIN-3)
    active_award,
    award,
    decide_challenge,
    evaluate,
    form_panel,
    lodge_challenge,
    record_scores,
    recuse,
)
from .tendering import (  # noqa: F401 - the package's public names
    add_document,
    award_single_source,
    cancel,
    clarify,
    create_criterion,
    create_procurement,
    delete_criterion,
    lodge_objection,
    publish,
    publish_problems,
    update_criterion,
    update_procurement,
)
