from django.db import migrations

from shegong.core.parameters import seed
from shegong.registry.parameters import DEFAULTS

CODE_OF_CONDUCT = """一、遵守国家法律法规和社会公德，维护服务对象的合法权益。
二、尊重服务对象的人格、隐私与自决，严守职业秘密。
三、坚持专业价值，公正、诚信、不谋取不正当利益。
四、持续学习，接受督导，不断提高专业能力。
五、接受社会工作主管部门及其委托机构的管理与监督。"""


def seed_register(apps, schema_editor):
    seed(apps, DEFAULTS)
    CodeOfConduct = apps.get_model("registry", "CodeOfConduct")
    CodeOfConduct.objects.get_or_create(
        version="2007.1",
        defaults={"title": "深圳市社会工作者守则", "text": CODE_OF_CONDUCT,
                  "effective_from": "2007-10-01"},
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial"), ("core", "0003_policy_parameter")]

    operations = [migrations.RunPython(seed_register, migrations.RunPython.noop)]
