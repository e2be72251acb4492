"""The oversight parameters (FIN-5) and the default service quality standards, as seeded
defaults with their sources. Officials change a parameter from a date; the rules
(``oversight.rules``) read the row in force on the day that matters with
``core.parameters.get(key, on=date)``.

Where no source gives a number the source text says so ("local choice")."""

from datetime import date

from django.utils.translation import gettext_noop

VISIT_SHARE = "oversight.visit_share_percent"
VISIT_MIN_TERM_MONTHS = "oversight.visit_min_term_months"
FINAL_MONTHS_BEFORE_END = "oversight.final_evaluation_months_before_end"
RATING_BANDS = "oversight.rating_bands"
PASS_RATING = "oversight.pass_rating"  # noqa: S105 - a parameter key, not a password
BAR_YEARS = "oversight.bar_after_not_competent_years"
RETURN_PERIOD_MONTHS = "oversight.return_period_months"
RETURN_DUE_DAYS = "oversight.return_due_days"
RISK_WEIGHTS = "oversight.risk_weights"


DEFAULTS = [
    {
        "key": VISIT_SHARE,
        "value": "30",
        "source": gettext_noop(
            "City evaluation rules (2021): evaluation visits to at least 30 per cent of the "
            "projects running a year or more, every year (policy clause 17: 评估探访制度)"
        ),
    },
    {
        "key": VISIT_MIN_TERM_MONTHS,
        "value": 12,
        "source": gettext_noop(
            "City evaluation rules (2021): the 30 per cent is of projects running a year or more"
        ),
    },
    {
        "key": FINAL_MONTHS_BEFORE_END,
        "value": 1,
        "source": gettext_noop(
            "City evaluation rules (2021): the final evaluation at least one month before the "
            "contract ends"
        ),
    },
    {
        "key": RATING_BANDS,
        "value": {"excellent": 90, "good": 80, "competent": 70, "basically_competent": 60},
        "source": gettext_noop(
            "Local choice (no source gives the thresholds): the least score of each rating out "
            "of 100; below the last, not competent"
        ),
    },
    {
        "key": PASS_RATING,
        "value": "competent",
        "source": gettext_noop(
            "Local choice (no source says which rating releases a payment): competent or better "
            "meets the evaluation's payment condition"
        ),
    },
    {
        "key": BAR_YEARS,
        "value": 1,
        "source": gettext_noop(
            "Issue 15 (FIN-5): a not competent rating bars the organisation from that buyer's "
            "tenders for the next year; the length is a local choice"
        ),
    },
    {
        "key": RETURN_PERIOD_MONTHS,
        "value": 3,
        "source": gettext_noop(
            "Local choice (no source gives a number): statistics returns on a contract's "
            "outputs every quarter"
        ),
    },
    {
        "key": RETURN_DUE_DAYS,
        "value": 15,
        "source": gettext_noop(
            "Local choice (no source gives a number): a statistics return is due 15 days after "
            "its period ends"
        ),
    },
    {
        "key": RISK_WEIGHTS,
        "value": {
            "base": 1,
            "not_met_standard": 3,
            "partly_met_standard": 1,
            "late_return": 2,
            "complaint": 2,
            "lapsed_credential": 2,
        },
        "source": gettext_noop(
            "Local choice (no source gives weights): a contract's weight in the visit draw is "
            "the base plus the weight of each risk it shows"
        ),
    },
]

#: The source of the default standards, kept on each row.
STANDARDS_SOURCE = gettext_noop(
    "Local default list of 16, drawn up along the evaluation dimensions of the national "
    "standard MZ/T 059-2014 社会工作服务项目绩效评估指南 (management, delivery, outcomes, "
    "finance); the standard itself fixes no list of sixteen"
)
STANDARDS_EDITION = "2026"
STANDARDS_FROM = date(2026, 1, 1)

#: FIN-5: the sixteen default service quality standards (code, Chinese name, English name).
STANDARDS = [
    ("QS01", "项目管理制度健全", "Project management rules in place"),
    ("QS02", "服务需求评估充分", "Needs assessed and documented"),
    ("QS03", "服务计划目标明确", "Service plan with clear goals"),
    ("QS04", "服务对象档案完整", "Complete case records"),
    ("QS05", "专业方法运用恰当", "Professional methods used appropriately"),
    ("QS06", "服务产出达到合同要求", "Outputs delivered as contracted"),
    ("QS07", "服务成效达到目标", "Outcome targets achieved"),
    ("QS08", "服务对象满意度", "Service users satisfied"),
    ("QS09", "人员配置与持证上岗", "Staffing as contracted, credentialed"),
    ("QS10", "专业督导落实", "Professional supervision provided"),
    ("QS11", "人员培训与继续教育", "Staff training and continuing education"),
    ("QS12", "财务管理与资金使用规范", "Sound financial management and use of funds"),
    ("QS13", "档案与信息管理", "Records and information management"),
    ("QS14", "风险管理与服务安全", "Risk management and safety"),
    ("QS15", "投诉处理及时", "Complaints handled promptly"),
    ("QS16", "信息公开与服务宣传", "Information disclosed and services publicised"),
]
