"""Demo organisations with valid unified social credit codes, spread over the districts.

Every district gets its government bodies (civil affairs, education, justice, the disability
federation) first, so that the supervising authority rule (ORG-2) has bodies to match; the
city gets a few too. Each slot seeds its own generator, so a second run changes nothing.
"""

import datetime
import random

from shegong.areas.models import Area

from .choices import OrganisationKind, OrganisationOrigin
from .models import Organisation, ServiceField
from .services import create_organisation
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


#: Government bodies of every district: (name suffix, line department).
BODIES = [("民政局", "民政"), ("教育局", "教育"), ("司法局", "司法"), ("残疾人联合会", "残联")]
#: The city's own: (name suffix, line department).
CITY_BODIES = [("卫生健康委员会", "卫生"), ("禁毒委员会办公室", "禁毒")]
PEOPLE = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "黄敏", "赵强", "周婷", "吴军"]


def make_credit_code(rng, area_code: str, prefix: str = "52") -> str:
    body = prefix + area_code[:6].ljust(6, "0") + "".join(rng.choice(CHARSET) for _ in range(9))
    return body + credit_code_check_char(body)


def make_bodies(area, bodies) -> None:
    for suffix, department in bodies:
        slot = random.Random(f"government_body:{area.code}:{department}")
        code = make_credit_code(slot, area.code, prefix="11")
        if Organisation.objects.filter(credit_code=code).exists():
            continue
        create_organisation(
            None,
            Organisation,
            {
                "name": f"{area.name}{suffix}",
                "credit_code": code,
                "kind": OrganisationKind.GOVERNMENT_BODY,
                "area": area,
                "line_department": department,
                "phone": f"0755-{slot.randint(20000000, 89999999)}",
            },
            "demo data",
        )


def generate(scale, rng, log):
    districts = list(Area.objects.filter(level="district").order_by("code"))
    city = Area.objects.filter(level="city").order_by("code").first()
    if city is not None:
        make_bodies(city, CITY_BODIES)
    for district in districts:
        make_bodies(district, BODIES)
    service_fields = list(ServiceField.objects.filter(is_active=True).order_by("code"))
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
            phone = f"0755-{slot.randint(20000000, 89999999)}"
            origin = slot.choice(list(OrganisationOrigin))
            registered_on = datetime.date(2008, 1, 1) + datetime.timedelta(
                days=slot.randint(0, 5800)
            )
            # Mostly one field (one line department fits), sometimes two or none.
            fields = slot.sample(service_fields, k=slot.choice([0, 1, 1, 1, 2]))
            create_organisation(
                None,
                Organisation,
                {
                    "name": name,
                    "credit_code": code,
                    "kind": kind,
                    "origin": origin,
                    "area": district,
                    "registration_authority": f"{district.name}民政局",
                    "registered_on": registered_on,
                    "phone": phone,
                    "contact_person": slot.choice(PEOPLE),
                    "contact_phone": f"1{slot.choice('3589')}{slot.randint(100000000, 999999999)}",
                    "contact_email": f"contact{slot.randint(1000, 9999)}@example.org.cn",
                },
                "demo data",
                m2m={"service_fields": fields},
            )
    log(f"organisations: {Organisation.objects.count()}")
