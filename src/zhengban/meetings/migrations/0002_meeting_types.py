"""The four meeting types of a municipal government with their default attendee rules (editable in admin)."""

from django.db import migrations

TYPES = [
    # code, Chinese, English, minutes mark, chair role, attending roles, units sitting in, at most per month
    ("plenary", "全体会议", "Plenary meeting", "衡阳市人民政府全体会议纪要", "mayor",
     ["mayor", "vice-mayor", "secretary-general"], ["secretariat-1", "supervision"], None),
    ("executive", "常务会议", "Executive meeting", "衡阳市人民政府常务会议纪要", "mayor",
     ["mayor", "vice-mayor", "secretary-general"], ["secretariat-1", "supervision"], 3),
    ("mayor-office", "市长办公会议", "Mayor's office meeting", "衡阳市人民政府市长办公会议纪要", "mayor",
     ["mayor", "secretary-general"], ["secretariat-1"], None),
    ("special-topic", "专题会议", "Special-topic meeting", "衡阳市人民政府专题会议纪要", "vice-mayor",
     [], ["secretariat-1"], None),
]


def add_types(apps, schema_editor):
    MeetingType = apps.get_model("meetings", "MeetingType")
    for order, (code, zh, en, mark, chair, roles, units, most) in enumerate(TYPES, start=1):
        MeetingType.objects.get_or_create(code=code, defaults={
            "name_zh": zh, "name_en": en, "minutes_mark": mark, "chair_role": chair, "attendee_roles": roles,
            "in_attendance_units": units, "max_per_month": most, "sort_order": order * 10,
        })


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
