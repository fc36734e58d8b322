"""The weekly report (情况通报) on supervision items, rendered as a 通报 through the documents
module's GB/T 9704 layout (PDF and DOCX). Being an official document, its text is Chinese."""

from django.utils import timezone

from zhengban.deadlines.compute import local_date
from zhengban.documents.layout import DocumentSpec, render_docx, render_pdf

from .lights import LIGHTS
from .queries import decorate, item_list

LIGHT_ZH = {"red": "红灯（逾期）", "yellow": "黄灯（临期或滞后）", "green": "绿灯（正常推进）"}
CHINESE_NUMERALS = "一二三四五六七八九十"


def weekly_spec(person, now=None):
    now = now or timezone.now()
    today = local_date(now)
    week = today.isocalendar().week
    rows, counts, calendar, _listed = item_list(person, {"order": "light"}, now)
    items = decorate(list(rows.filter(matter__closed_at__isnull=True)), now, calendar)
    total = sum(counts.values())
    lines = [
        f"截至{today.year}年{today.month}月{today.day}日，在办督办事项{total}件，其中"
        + "，".join(f"{LIGHT_ZH[c]}{counts[c]}件" for c in LIGHTS) + "。现将有关情况通报如下。",
    ]
    for index, colour in enumerate(("red", "yellow")):
        flagged = [item for item in items if item.light == colour]
        lines.append(f"{CHINESE_NUMERALS[index]}、{LIGHT_ZH[colour]}事项")
        if not flagged:
            lines.append("无。")
        for n, item in enumerate(flagged, start=1):
            matter = item.matter
            unit = matter.lead_unit.name_zh if matter.lead_unit_id else "未交办"
            due = local_date(matter.due_at)
            lines.append(
                f"{n}. {matter.number} {matter.title}（牵头单位：{unit}；办理时限：{due.year}年{due.month}月{due.day}日；"
                f"当前进度：{item.progress}%）"
            )
    lines.append("三、工作要求")
    lines.append("请各牵头单位对红灯、黄灯事项抓紧办理，按反馈周期及时报送进展；确需延期的，应在办理时限届满前申请。")
    return DocumentSpec(
        title=f"关于{today.year}年第{week}周督办事项办理情况的通报",
        body="\n".join(lines),
        doc_type="通报",
        issuer_mark="市人民政府办公室",
        issuer_signature="市人民政府办公室督查室",
        written_date=today,
    )


def weekly_pdf(person, now=None):
    return render_pdf(weekly_spec(person, now))


def weekly_docx(person, now=None):
    return render_docx(weekly_spec(person, now))
