"""Continuing education and supervision (EDU-1 to EDU-4), one module per part: providers,
courses, sessions, attendance, the rules and the training plan in ``cpd.py``; supervisors,
supervision and its sessions in ``supervision.py``. Django finds models in
``education.models``, so every model (and the access constants) is imported here."""

from .cpd import (  # noqa: F401
    EDU_OFFICERS,
    POSITIVE,
    RULE_KEEPERS,
    SUPERVISION_READERS,
    Course,
    CourseSession,
    CpdRecord,
    CpdReminder,
    CpdRule,
    TrainingProvider,
    TrainingTarget,
    provider_access,
)
from .supervision import (  # noqa: F401
    Supervision,
    SupervisionSession,
    Supervisor,
    supervision_access,
)
