"""The Supervision Office's table by lead unit: how many items, replied, on time, overdue, each
result code, and the authors' feedback — one grouped query, whatever the number of items.

Counted are the items a unit handles: a split item counts through its parts, a merged item
through the item handled for it."""

import io

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zhengban.core.models import Unit

from .models import Feedback, ResultCode
from .queries import filtered_items, overdue_q


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def unit_table(person, filters, now):
    """Rows per lead unit (best on-time rate first) and a total row, with the result codes in use."""
    codes = [c.code for c in ResultCode.objects.all()]
    counts = {
        "total": Count("pk"),
        "replied": Count("pk", filter=Q(first_replied_at__isnull=False)),
        "on_time": Count("pk", filter=Q(replied_on_time=True)),
        "overdue": Count("pk", filter=overdue_q(now)),
        "satisfied": Count("pk", filter=Q(feedback=Feedback.SATISFIED)),
        "basically": Count("pk", filter=Q(feedback=Feedback.BASICALLY_SATISFIED)),
        "dissatisfied": Count("pk", filter=Q(feedback=Feedback.DISSATISFIED)),
        **{f"code_{i}": Count("pk", filter=Q(result_code=code)) for i, code in enumerate(codes)},
    }
    handled = (
        filtered_items(person, {**filters, "unit": ""}, now)
        .exclude(matter__state__in=("merged", "split"))
        .filter(matter__lead_unit__isnull=False)
    )
    grouped = list(handled.values("matter__lead_unit").annotate(**counts).order_by())
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[g["matter__lead_unit"] for g in grouped])}
    rows = [_row(units[g["matter__lead_unit"]], g, codes) for g in grouped]
    rows.sort(key=lambda r: (-(r["on_time_rate"] or 0), r["unit"].sort_order, r["unit"].code))
    total = {key: sum(g[key] for g in grouped) for key in counts}
    return rows, _row(None, total, codes), codes


def _row(unit, counts, codes):
    feedback = counts["satisfied"] + counts["basically"] + counts["dissatisfied"]
    return {
        "unit": unit,
        **{key: counts[key] for key in ("total", "replied", "on_time", "overdue", "satisfied", "basically", "dissatisfied")},
        "codes": [counts[f"code_{i}"] for i in range(len(codes))],
        "feedback": feedback,
        "on_time_rate": _rate(counts["on_time"], counts["replied"]),
        "satisfied_rate": _rate(counts["satisfied"], feedback),
        "satisfaction_rate": _rate(counts["satisfied"] + counts["basically"], feedback),
    }


def _percent(value):
    return "" if value is None else f"{value}%"


def unit_table_xlsx(person, filters, now):
    rows, total, codes = unit_table(person, filters, now)
    book = Workbook()
    sheet = book.active
    sheet.title = "units"
    sheet.append([
        _("Lead unit"), _("Items"), _("Replied"), _("On time"), _("On-time rate"), _("Overdue"),
        *[_("Result %(code)s") % {"code": c} for c in codes],
        _("Satisfied"), _("Basically satisfied"), _("Dissatisfied"), _("Satisfied rate"), _("Satisfaction rate"),
    ])
    for row in [*rows, total]:
        sheet.append([
            row["unit"].name if row["unit"] else _("Total"), row["total"], row["replied"], row["on_time"],
            _percent(row["on_time_rate"]), row["overdue"], *row["codes"], row["satisfied"], row["basically"],
            row["dissatisfied"], _percent(row["satisfied_rate"]), _percent(row["satisfaction_rate"]),
        ])
    sheet.column_dimensions["A"].width = 30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def item_list_xlsx(items, state_label):
    book = Workbook()
    sheet = book.active
    sheet.title = "items"
    sheet.append([_("Session"), _("Kind"), _("Number"), _("Title"), _("Authors"), _("Category"), _("Lead unit"),
                  _("State"), _("Due"), _("Result code"), _("Feedback")])
    for item in items:
        matter = item.matter
        sheet.append([
            item.session.name, item.get_kind_display(), item.number, matter.title,
            "、".join(a.name for a in item.authors.all()), item.category,
            matter.lead_unit.name if matter.lead_unit_id else "", state_label(matter.state),
            matter.due_at.date().isoformat() if matter.due_at else "", item.result_code, item.get_feedback_display(),
        ])
    for column, width in zip("ABCDE", (36, 20, 10, 50, 30)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
