"""Demo people: realistic names, valid ID numbers of Shenzhen districts, phones, addresses,
education in social work and short work histories.

District scale: about 300 people, all kept by Futian (440304) and spread over its service
organisations; city scale: about 6,000 over every district. Identities (ID numbers, and so
birth dates and sex) are derived from the district and a running number only, so a second
run finds every person it would create and creates nothing; everything else comes from the
seeded generator passed in. Rows are written in bulk, each with its audit record
(``core.audit.append_many``), so the city scale stays fast.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from shegong.areas.models import Area
from shegong.core import audit, services
from shegong.core.models import AuditAction
from shegong.organisations.models import Organisation

from .choices import EducationLevel
from .models import Education, Person, WorkHistory
from .validators import check_digit

REASON = "demo data"
PER_SCALE = {"district": 300, "city": 6000}
FAMILY = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN_MALE = (
    *("伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "斌", "鹏", "浩", "宇"),
    *("志强", "建华", "俊杰", "晓东", "国平", "文博", "子轩", "嘉豪", "振华", "海涛", "立新"),
    *("家俊", "志明", "永康", "思远", "天佑", "宏伟", "俊熙", "浩然", "梓豪", "伟雄"),
)
GIVEN_FEMALE = (
    *("芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "婷", "颖", "琳", "洁", "萍"),
    *("秀英", "桂英", "海燕", "晓红", "丽华", "慧敏", "雅琪", "欣怡", "诗涵", "嘉欣", "晓雯"),
    *("思琪", "佩玲", "淑贞", "美玲", "晓琳", "婉婷", "紫涵", "梦瑶", "雪梅", "春燕"),
)
ROADS = {
    "440303": ("东门中", "人民南", "宝安南", "建设", "解放", "深南东", "春风", "爱国"),
    "440304": ("福华", "彩田", "新洲", "益田", "红荔", "华强北", "莲花", "梅林", "景田", "香蜜湖"),
    "440305": ("南海大道", "科技南", "南新", "学府", "桃园", "后海大道", "蛇口新", "沙河西"),
    "440306": ("新安", "宝民", "创业", "建安", "前进", "宝城", "西乡大道", "新湖"),
    "440307": ("龙城", "龙翔大道", "爱联", "布沿", "黄阁", "龙岗大道", "坂雪岗大道"),
    "440308": ("沙头角", "海山", "盐田", "深盐", "北山", "东海"),
    "440311": ("光明大道", "公常", "华夏", "光侨", "观光", "东周"),
}
UNIVERSITIES = (
    "深圳大学",
    "中山大学",
    "华南理工大学",
    "北京大学",
    "华南师范大学",
    "暨南大学",
    "广州大学",
    "南京大学",
    "华东理工大学",
    "武汉大学",
    "中国人民大学",
    "香港理工大学",
    "南开大学",
)
VOCATIONAL_SCHOOLS = (
    "深圳职业技术大学",
    "广东岭南职业技术学院",
    "广州番禺职业技术学院",
    "长沙民政职业技术学院",
)
MAJORS = ("社会工作",) * 8 + ("社会学", "心理学", "公共事业管理", "社会保障")
FORMER_EMPLOYERS = (
    "社区服务中心",
    "街道办事处",
    "社会福利院",
    "残疾人综合服务中心",
    "长者服务中心",
    "青少年服务中心",
    "家庭综合服务中心",
)
POSITIONS = ("社工助理", "社会工作者", "项目主管", "督导助理", "中心主任", "社区专职工作者")
MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *(f"15{d}" for d in "012356789"),
    *(f"18{d}" for d in range(10)),
)


def identity(district_code: str, n: int) -> tuple[str, date, bool]:
    """The ``n``-th demo person of a district: ID number, birth date, whether a man.

    Derived from the district and ``n`` only (not from the shared generator), so it is the same
    on every run and a second run skips everyone already there."""
    local = random.Random(f"shegong-people:{district_code}:{n}")
    birth = date(1965, 1, 1) + timedelta(
        days=local.randrange((date(2002, 12, 31) - date(1965, 1, 1)).days)
    )
    male = local.random() < 0.35  # social work is a mostly female profession
    seq = local.randrange(100) * 10 + local.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    body = f"{district_code}{birth:%Y%m%d}{seq:03d}"
    return body + check_digit(body), birth, male


def phone(rng) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def address(rng, district: Area) -> str:
    road = rng.choice(ROADS.get(district.code, ("人民", "建设", "中心")))
    road = road if road.endswith(("路", "大道")) else f"{road}路"
    return f"深圳市{district.name}{road}{rng.randint(1, 399)}号"


def education_of(rng, person: Person) -> list[Education]:
    year = person.birth_date.year + 22 + rng.choice((0, 0, 1))
    major = rng.choice(MAJORS)
    level = EducationLevel.VOCATIONAL if rng.random() < 0.15 else EducationLevel.BACHELOR
    entries = [
        Education(
            person=person,
            level=level,
            major=major,
            school=rng.choice(
                VOCATIONAL_SCHOOLS if level == EducationLevel.VOCATIONAL else UNIVERSITIES
            ),
            year=year - (1 if level == EducationLevel.VOCATIONAL else 0),
        )
    ]
    if level == EducationLevel.BACHELOR and rng.random() < 0.25 and year + 3 <= date.today().year:
        entries.append(
            Education(
                person=person,
                level=EducationLevel.MASTER,
                major="社会工作",
                school=rng.choice(UNIVERSITIES),
                year=year + 3,
            )
        )
    return entries


def work_history_of(rng, person: Person, graduated: int, district: Area) -> list[WorkHistory]:
    start = date(graduated, rng.choice((7, 8, 9)), 1)
    today = date.today()
    entries = []
    for _ in range(rng.randint(0, 2)):
        end = start + timedelta(days=rng.randint(400, 1500))
        if end >= today - timedelta(days=200):
            break
        employer = f"{district.name}{rng.choice(FORMER_EMPLOYERS)}"
        entries.append(
            WorkHistory(
                person=person,
                employer=employer,
                position=rng.choice(POSITIONS),
                start=start,
                end=end,
            )
        )
        start = end + timedelta(days=rng.randint(1, 60))
    if person.organisation is not None and start < today:
        entries.append(
            WorkHistory(
                person=person,
                employer=person.organisation.name,
                position=rng.choice(POSITIONS),
                start=start,
                end=None,
            )
        )
    return entries


RELATIONS = ("area", "organisation", "user", "person")


def _write(model, rows: list) -> list:
    """Create ``rows`` (validated) with one audit record each."""
    for row in rows:
        # The related rows are in hand: no query per foreign key (nor for uniqueness, as
        # existing ID numbers were skipped).
        row.full_clean(exclude=RELATIONS, validate_unique=False)
    if not hasattr(audit, "append_many"):  # the record-at-a-time path
        return [
            services.create_record(
                None,
                model,
                {
                    f.name: getattr(row, f.name)
                    for f in model._meta.concrete_fields
                    if f.name != "id"
                },
                REASON,
            )
            for row in rows
        ]
    created = model.objects.bulk_create(rows, batch_size=1000)
    audit.append_many(None, AuditAction.CREATE, created, REASON)
    return created


def generate(scale, rng, log):
    codes = ["440304"] if scale == "district" else sorted(ROADS)
    districts = list(Area.objects.filter(code__in=codes, level="district").order_by("code"))
    if not districts:
        log("people: no districts (run the areas demo first)")
        return
    per_district = (getattr(scale, "people", None) or PER_SCALE[scale]) // len(districts)
    created_total = 0
    step = getattr(log, "step", None)
    for done, district in enumerate(districts):
        if step:
            step("people", done * per_district, len(districts) * per_district)
        organisations = list(
            Organisation.objects.filter(area=district, kind="service_provider").order_by(
                "credit_code"
            )
        )
        wanted = {}
        for n in range(per_district):
            number, birth, male = identity(district.code, n)
            wanted.setdefault(number, (birth, male))
        existing = set(
            Person.objects.filter(national_id__in=list(wanted)).values_list(
                "national_id", flat=True
            )
        )
        people = []
        for number, (_birth, male) in wanted.items():
            if number in existing:
                continue
            given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
            people.append(
                Person(
                    national_id=number,
                    name=rng.choice(FAMILY) + given,
                    phone=phone(rng),
                    address=address(rng, district),
                    area=district,
                    organisation=rng.choice(organisations) if organisations else None,
                )
            )
        people = _write(Person, people)
        education, work = [], []
        for person in people:
            entries = education_of(rng, person)
            education.extend(entries)
            work.extend(work_history_of(rng, person, entries[0].year, district))
        _write(Education, education)
        _write(WorkHistory, work)
        created_total += len(people)
    if step:
        step("people", len(districts) * per_district, len(districts) * per_district)
    log(f"people: {Person.objects.count()} ({created_total} new)")
