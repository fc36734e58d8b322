"""The minutes (纪要) as an official document in the GB/T 9704 minutes format, through the
documents module's layout. Being an official document, its text is Chinese."""

from zhengban.deadlines.compute import local_date
from zhengban.documents.layout import DocumentSpec, Format, render_docx, render_pdf
from zhengban.documents.layout.spec import CLASSIFICATION_LABELS

from .models import AttendanceRole, AttendanceStatus

SEPARATOR = "、"


def _name(person):
    return person.full_name or person.username


def attendance_lists(attendance):
    """出席 (present, with substitutes and who they stood in for), 请假 (excused, with reasons), 列席."""
    present, excused, sitting_in = [], [], []
    for row in attendance:
        if row.role == AttendanceRole.IN_ATTENDANCE:
            if row.status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTED, AttendanceStatus.EXPECTED):
                sitting_in.append(_name(row.substitute) if row.substitute_id else _name(row.person))
            continue
        if row.status == AttendanceStatus.PRESENT:
            present.append(_name(row.person))
        elif row.status == AttendanceStatus.SUBSTITUTED:
            present.append(f"{_name(row.substitute)}（代{_name(row.person)}）")
        elif row.status == AttendanceStatus.EXCUSED:
            excused.append(f"{_name(row.person)}（{row.reason}）" if row.reason else _name(row.person))
    return SEPARATOR.join(present), SEPARATOR.join(excused), SEPARATOR.join(sitting_in)


def minutes_body(meeting, decisions):
    """The minutes' text, then the decisions as a numbered list of their own (each one is tracked)."""
    lines = [meeting.minutes_body.strip()]
    if decisions:
        lines.append("会议议定事项：")
        for decision in decisions:
            who = f"（牵头单位：{decision.lead_unit.name_zh}" if decision.lead_unit_id else ""
            if who and decision.due:
                who += f"；完成时限：{decision.due.year}年{decision.due.month}月{decision.due.day}日"
            lines.append(f"{decision.number}. {decision.text}{who + '）' if who else ''}")
    return "\n".join(lines)


def minutes_spec(meeting, attendance, decisions):
    matter = meeting.matter
    present, excused, sitting_in = attendance_lists(attendance)
    signed = meeting.minutes_signed_at
    return DocumentSpec(
        doc_format=Format.MINUTES,
        doc_type="纪要",
        issuer_mark=meeting.meeting_type.minutes_mark,
        number=matter.number,
        body=minutes_body(meeting, decisions),
        written_date=local_date(signed) if signed else local_date(meeting.starts_at),
        present=present,
        excused=excused,
        in_attendance=sitting_in,
        classification=CLASSIFICATION_LABELS.get(matter.classification, ""),
        classification_period=matter.classification_period,
    )


def minutes_pdf(meeting, attendance, decisions):
    return render_pdf(minutes_spec(meeting, attendance, decisions))


def minutes_docx(meeting, attendance, decisions):
    return render_docx(minutes_spec(meeting, attendance, decisions))
