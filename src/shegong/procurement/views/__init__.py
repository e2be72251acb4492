"""The pages of the purchase of services, one module a stage: ``tendering`` (plans,
procurements, clarifications, the single-source notice and objections); later stages add
theirs beside it. The names of ``tendering`` are here too, for ``urls.py``.
"""

from .bids import (  # noqa: F401, E402 - the bids' pages
    BidDetailView,
    OpenBidsView,
    ReplaceBidView,
    SubmitBidView,
    WithdrawBidView,
    download_proposal,
    procurement_bids,
)
from .contracts import (  # noqa: F401 - the contract stage (FIN-6, FIN-2, VOL-3)
    AmendView,
    ConditionView,
    ContractCreateView,
    ContractDetailView,
    ContractPartCreateView,
    PayView,
    TerminateView,
    contracted_under,
)
from .evaluation import (  # noqa: F401 - the evaluation stage (FIN-3)
    AnswerChallengeView,
    AwardBidView,
    ChallengeDetailView,
    ChallengeView,
    EvaluateView,
    FormPanelView,
    PanelMemberDetailView,
    RecuseView,
    ScoreView,
)
from .tendering import (  # noqa: F401 - the package's public names
    AwardView,
    CancelView,
    ClarifyView,
    ObjectView,
    PartCreateView,
    PlanItemCreateView,
    ProcurementCreateView,
    ProcurementDetailView,
    PublishView,
    PurchasePlanDetailView,
    download_document,
)
