"""The workforce module's models, one module per part: posts and employment (POST-1 to POST-3)
in ``posts.py``, grades, pay and social insurance (PAY-1 to PAY-3) in ``pay.py``. Django finds
models in ``workforce.models``, so every model (and the access constants other modules use) is
imported here; ``app_label`` stays ``workforce``."""

from .pay import (
    MONEY,
    PAY_READERS,
    PAY_WRITERS,
    PROMOTION_DECIDERS,
    TABLE_KEEPERS,
    EmploymentGrade,
    Grade,
    InsuranceContribution,
    PayGuidance,
    PayRecord,
    PromotionApplication,
    PromotionStatus,
    TechnicianPay,
    pay_access,
    table_access,
)
from .posts import (
    POST_MANAGERS,
    STANDARD_KEEPERS,
    UNIT_MANAGERS,
    ConversionPlan,
    Employment,
    Post,
    PostStandard,
    PostType,
    ServiceUnit,
    post_access,
    reference_access,
)

__all__ = [
    "MONEY",
    "PAY_READERS",
    "PAY_WRITERS",
    "POST_MANAGERS",
    "PROMOTION_DECIDERS",
    "STANDARD_KEEPERS",
    "TABLE_KEEPERS",
    "UNIT_MANAGERS",
    "ConversionPlan",
    "Employment",
    "EmploymentGrade",
    "Grade",
    "InsuranceContribution",
    "PayGuidance",
    "PayRecord",
    "Post",
    "PostStandard",
    "PostType",
    "PromotionApplication",
    "PromotionStatus",
    "ServiceUnit",
    "TechnicianPay",
    "pay_access",
    "post_access",
    "reference_access",
    "table_access",
]
