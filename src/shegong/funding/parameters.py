"""The funding parameters (FIN-1, FIN-2), as seeded defaults. Officials change them from a
date; code reads them with ``core.parameters.get(key, on=date)``.

No source gives a number for these: the policy (clause 17) says only that the city subsidises
the districts' newly added funding "by transfer" and that purchases are the main channel. The
defaults are local choices, and their source text says so."""

from django.utils.translation import gettext_noop

#: FIN-1: the yearly reference price of one social worker post, in yuan, by professional level.
POST_PRICE = {
    "assistant": "funding.post_price.assistant",
    "intermediate": "funding.post_price.intermediate",
    "senior": "funding.post_price.senior",
}
#: FIN-2: the city's share of a district's newly added purchases, in percent.
CITY_SUBSIDY_PERCENT = "funding.city_subsidy_percent"

DEFAULTS = [
    {
        "key": POST_PRICE["assistant"],
        "value": "80000.00",
        "source": gettext_noop(
            "Local choice (no source gives a number): yearly price of an assistant social "
            "worker post, yuan"
        ),
    },
    {
        "key": POST_PRICE["intermediate"],
        "value": "90000.00",
        "source": gettext_noop(
            "Local choice (no source gives a number): yearly price of a social worker post "
            "(intermediate), yuan"
        ),
    },
    {
        "key": POST_PRICE["senior"],
        "value": "110000.00",
        "source": gettext_noop(
            "Local choice (no source gives a number): yearly price of a senior social worker "
            "post, yuan"
        ),
    },
    {
        "key": CITY_SUBSIDY_PERCENT,
        "value": "50",
        "source": gettext_noop(
            "Policy clause 17: the city subsidises the districts' newly added funding by "
            "transfer; the share (50 %) is a local choice, no source gives a number"
        ),
    },
]
