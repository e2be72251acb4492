"""Demo organisations with valid unified social credit codes, spread over the districts."""

import random

from shegong.areas.models import Area
from shegong.core import services

from .choices import OrganisationKind
from .models import Organisation
from .validators import CHARSET, credit_code_check_char

NAMES = [
    "阳光",
    "春雨",
    "关爱",
    "同心",
    "启航",
    "彩虹",
    "暖心",
    "携手",
    "新起点",
    "鹏城",
    "福源",
    "和谐",
    "慈航",
    "晨曦",
    "绿洲",
    "博爱",
    "众和",
    "益友",
    "心桥",
    "明德",
]
SUFFIX = {
    OrganisationKind.SERVICE_PROVIDER: "社会工作服务中心",
    OrganisationKind.ASSOCIATION: "社会工作者协会",
    OrganisationKind.VOLUNTEER_ORGANISATION: "义工服务队",
}


def make_credit_code(rng, area_code: str) -> str:
    body = "52" + area_code[:6] + "".join(rng.choice(CHARSET) for _ in range(9))
    return body + credit_code_check_char(body)


def generate(scale, rng, log):
    districts = list(Area.objects.filter(level="district").order_by("code"))
    per_district = 3 if scale == "district" else 12
    for district in districts:
        for i in range(per_district):
            # One generator per slot: the same slot gets the same organisation on every run,
            # whatever else the demo loaded before.
            slot = random.Random(f"organisation:{district.code}:{i}")
            kind = (
                OrganisationKind.ASSOCIATION
                if i == 0
                else OrganisationKind.VOLUNTEER_ORGANISATION
                if i == 1
                else OrganisationKind.SERVICE_PROVIDER
            )
            name = f"{district.name}{slot.choice(NAMES)}{SUFFIX[kind]}"
            code = make_credit_code(slot, district.code)
            if Organisation.objects.filter(credit_code=code).exists():
                continue
            if Organisation.objects.filter(area=district, name=name).exists():
                name = f"{district.name}{slot.choice(NAMES)}{i}号{SUFFIX[kind]}"
            services.create_record(
                None,
                Organisation,
                {
                    "name": name,
                    "credit_code": code,
                    "kind": kind,
                    "area": district,
                    "phone": f"0755-{slot.randint(20000000, 89999999)}",
                },
                "demo data",
            )
    log(f"organisations: {Organisation.objects.count()}")
