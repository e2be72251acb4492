"""Demo areas: Guangdong → Shenzhen with the six districts and Guangming New Area of the
policy, their streets and communities (real district names; streets of Futian are real,
other streets and all communities are made up)."""

from shegong.core import services

from .choices import AreaLevel
from .models import Area

DISTRICTS = [
    ("440304", "福田区", "Futian District"),
    ("440303", "罗湖区", "Luohu District"),
    ("440305", "南山区", "Nanshan District"),
    ("440308", "盐田区", "Yantian District"),
    ("440306", "宝安区", "Bao'an District"),
    ("440307", "龙岗区", "Longgang District"),
    ("440311", "光明新区", "Guangming New Area"),
]
FUTIAN_STREETS = [
    "园岭",
    "南园",
    "福田",
    "沙头",
    "香蜜湖",
    "梅林",
    "莲花",
    "华富",
    "福保",
    "华强北",
]
WORDS = [
    "新安",
    "西乡",
    "福永",
    "沙井",
    "松岗",
    "石岩",
    "翠竹",
    "东门",
    "桂园",
    "黄贝",
    "笋岗",
    "清水河",
    "南头",
    "蛇口",
    "粤海",
    "沙河",
    "西丽",
    "桃源",
    "海山",
    "沙头角",
    "梅沙",
    "布吉",
    "坂田",
    "南湾",
    "横岗",
    "龙城",
    "平湖",
    "公明",
    "光明",
    "凤凰",
    "玉塘",
    "马田",
]
COMMUNITY_WORDS = [
    "景田",
    "新洲",
    "皇岗",
    "上梅林",
    "下沙",
    "华强",
    "福民",
    "岗厦",
    "彩田",
    "益田",
    "金地",
    "荔园",
    "竹园",
    "碧海",
    "红荔",
    "百花",
    "华新",
    "园东",
    "新华",
    "滨江",
]


def ensure(code, name, name_en, level, parent=None, order=0):
    area = Area.objects.filter(code=code).first()
    if area:
        return area
    return services.create_record(
        None,
        Area,
        {
            "code": code,
            "name": name,
            "name_en": name_en,
            "level": level,
            "parent": parent,
            "sort_order": order,
        },
        "demo data",
    )


def generate(scale, rng, log):
    province = ensure("44", "广东省", "Guangdong Province", AreaLevel.PROVINCE)
    city = ensure("4403", "深圳市", "Shenzhen", AreaLevel.CITY, province)
    words = list(WORDS)
    rng.shuffle(words)
    for i, (code, name, name_en) in enumerate(DISTRICTS):
        district = ensure(code, name, name_en, AreaLevel.DISTRICT, city, i)
        if scale == "district" and code != "440304":
            continue
        streets = FUTIAN_STREETS if code == "440304" else [words.pop() for _ in range(4)]
        for j, street_name in enumerate(streets, 1):
            street = ensure(
                f"{code}{j:03d}", f"{street_name}街道", "", AreaLevel.STREET, district, j
            )
            for k in range(1, rng.randint(3, 6) + 1):
                community = rng.choice(COMMUNITY_WORDS) + ("社区" if k % 2 else f"{k}社区")
                ensure(f"{street.code}{k:03d}", community, "", AreaLevel.COMMUNITY, street, k)
    log(f"areas: {Area.objects.count()}")
