"""The procurement parameters (the policy's parameter list, "Organisations and purchased
services"), as seeded defaults from the Government Procurement Law of the PRC, its Implementing
Regulations and MoF Order 87 (2017). Officials change them from a date; the rules
(``procurement.rules``) read the row in force on the relevant date with
``core.parameters.get(key, on=date)``."""

from django.utils.translation import gettext_noop

TENDER_PERIOD_DAYS = "procurement.tender_period_days"
CLARIFICATION_DAYS = "procurement.clarification_days"
SERVICE_PRICE_WEIGHT = "procurement.service_price_weight_percent"
PANEL_MIN_MEMBERS = "procurement.panel_min_members"
PANEL_EXPERT_SHARE = "procurement.panel_expert_share"
MIN_VALID_BIDS = "procurement.min_valid_bids"
SINGLE_SOURCE_NOTICE_DAYS = "procurement.single_source_notice_working_days"
CHALLENGE_DAYS = "procurement.challenge_working_days"
CHALLENGE_ANSWER_DAYS = "procurement.challenge_answer_working_days"
CONTRACT_DAYS = "procurement.contract_days"

DEFAULTS = [
    {
        "key": TENDER_PERIOD_DAYS,
        "value": 20,
        "source": gettext_noop(
            "Government Procurement Law of the PRC, art. 35: at least 20 days from the "
            "publication of the tender documents to the bid deadline"
        ),
    },
    {
        "key": CLARIFICATION_DAYS,
        "value": 15,
        "source": gettext_noop(
            "MoF Order 87 (2017), art. 27: a clarification or change that may affect bids, "
            "made less than 15 days before the deadline, moves the deadline"
        ),
    },
    {
        "key": SERVICE_PRICE_WEIGHT,
        "value": "10",
        "source": gettext_noop(
            "MoF Order 87 (2017), art. 55: the price weighs at least 10 per cent of a combined "
            "score for services (30 per cent for goods)"
        ),
    },
    {
        "key": PANEL_MIN_MEMBERS,
        "value": 5,
        "source": gettext_noop(
            "MoF Order 87 (2017), art. 47: an evaluation panel of 5 or more members, an odd number"
        ),
    },
    {
        "key": PANEL_EXPERT_SHARE,
        "value": "2/3",
        "source": gettext_noop(
            "MoF Order 87 (2017), art. 47: at least two thirds of the panel are experts drawn "
            "at random"
        ),
    },
    {
        "key": MIN_VALID_BIDS,
        "value": 3,
        "source": gettext_noop(
            "Government Procurement Law, art. 36; MoF Order 87: an open tender with fewer than "
            "3 valid bids at the deadline fails"
        ),
    },
    {
        "key": SINGLE_SOURCE_NOTICE_DAYS,
        "value": 5,
        "source": gettext_noop(
            "Implementing Regulations of the Government Procurement Law, art. 38: a written "
            "reason and a public notice of at least 5 working days before a single-source award"
        ),
    },
    {
        "key": CHALLENGE_DAYS,
        "value": 7,
        "source": gettext_noop(
            "Government Procurement Law, art. 52: a supplier may challenge within 7 working days"
        ),
    },
    {
        "key": CHALLENGE_ANSWER_DAYS,
        "value": 7,
        "source": gettext_noop(
            "Government Procurement Law, art. 53: the buyer answers a challenge within 7 "
            "working days"
        ),
    },
    {
        "key": CONTRACT_DAYS,
        "value": 30,
        "source": gettext_noop(
            "Government Procurement Law, art. 46: the contract is signed within 30 days of the "
            "award notice"
        ),
    },
]

#: Issue 14 (point 9): how many days after the bid opening an evaluation is flagged as overdue
#: on the dashboards (``procurement.overdue``). No law sets this period: it is the city's own
#: working target, a dated parameter like the others so that officials may change it.
EVALUATION_DAYS = "procurement.evaluation_days"

OVERDUE_DEFAULTS = [
    {
        "key": EVALUATION_DAYS,
        "value": 10,
        "source": gettext_noop(
            "City working target (issue 14, dashboards), not a legal period: bids opened more "
            "than 10 days ago and not yet evaluated are flagged as overdue"
        ),
    },
]
