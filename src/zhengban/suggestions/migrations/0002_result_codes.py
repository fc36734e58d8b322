"""The default result codes of the rules on handling suggestions and proposals; editable data after."""

from django.db import migrations

CODES = [
    ("A", "所提问题已经解决或采纳", "Solved or adopted", 1),
    ("B", "所提问题正在解决或列入计划解决", "Being solved or planned", 2),
    ("C", "所提问题因条件限制留待以后解决", "To be solved later when conditions allow", 3),
    ("D", "所提问题因政策等原因留作参考", "Kept for reference", 4),
]


def add_codes(apps, schema_editor):
    ResultCode = apps.get_model("suggestions", "ResultCode")
    for code, label_zh, label_en, order in CODES:
        ResultCode.objects.get_or_create(code=code, defaults={"label_zh": label_zh, "label_en": label_en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]
    operations = [migrations.RunPython(add_codes, migrations.RunPython.noop)]
