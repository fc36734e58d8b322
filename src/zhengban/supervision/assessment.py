"""The annual target assessment (目标管理考核): each unit's score from its annual key tasks.

The scheme's points are shared evenly over a unit's targets: each target completed on time gains
on_time_points / n, each verified gains verified_points / n, and its quality rating r (1–5) gains
quality_points × r / 5 / n; each red target (overdue now, or completed after its deadline) loses
red_deduction. Every point gained or lost is one line, so the lines add up to the score.
"""

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zhengban.core.models import Unit

from .actions import scheme_for
from .models import Source, SupervisionItem

CENT = Decimal("0.01")


@dataclass
class Line:
    number: str
    title: str
    rule: str
    points: Decimal


@dataclass
class UnitScore:
    unit: Unit
    targets: int = 0
    lines: list = field(default_factory=list)
    rank: int = 0

    @property
    def score(self):
        return sum((line.points for line in self.lines), Decimal("0.00"))


def _share(points, n):
    return (Decimal(points) / n).quantize(CENT, ROUND_HALF_UP)


def _is_red(item, now):
    matter = item.matter
    if item.completed_at is not None or matter.closed_at is not None:
        return item.completed_on_time is False
    return matter.due_at is not None and now > matter.due_at and matter.state != "cancelled"


def assess(year, now=None):
    """Every unit with targets in `year`, ranked by score (highest first)."""
    now = now or timezone.now()
    scheme = scheme_for(year)
    items = (
        SupervisionItem.objects.filter(year=year, source=Source.ANNUAL_KEY_TASK, matter__lead_unit__isnull=False)
        .exclude(matter__state="cancelled")
        .select_related("matter", "matter__lead_unit").order_by("matter__lead_unit__code", "matter__number")
    )
    by_unit = {}
    for item in items:
        by_unit.setdefault(item.matter.lead_unit, []).append(item)
    scores = []
    for unit, targets in by_unit.items():
        score = UnitScore(unit, len(targets))
        scores.append(score)
        n = score.targets
        for item in targets:
            number, title = item.matter.number, item.matter.title
            if item.completed_on_time:
                score.lines.append(Line(number, title, _("completed on time"), _share(scheme.on_time_points, n)))
            if item.verified_at:
                score.lines.append(Line(number, title, _("completion verified"), _share(scheme.verified_points, n)))
            if item.quality_rating:
                points = _share(Decimal(scheme.quality_points) * item.quality_rating / 5, n)
                score.lines.append(Line(number, title, _("quality rated %(r)d of 5") % {"r": item.quality_rating}, points))
            if _is_red(item, now):
                score.lines.append(Line(number, title, _("red item (overdue)"), -Decimal(scheme.red_deduction).quantize(CENT)))
            if not any(line.number == number for line in score.lines):
                score.lines.append(Line(number, title, _("not completed yet"), Decimal("0.00")))
    ranking = sorted(scores, key=lambda s: (-s.score, s.unit.code))
    for position, score in enumerate(ranking, start=1):
        score.rank = position
    return scheme, ranking


def as_json(year, now=None):
    scheme, ranking = assess(year, now)
    return {
        "year": year,
        "scheme": {name: str(getattr(scheme, name)) for name in ("on_time_points", "verified_points", "quality_points", "red_deduction")},
        "units": [
            {"rank": s.rank, "unit": s.unit.code, "unit_name": s.unit.name, "targets": s.targets, "score": str(s.score),
             "lines": [{"number": l.number, "title": l.title, "rule": str(l.rule), "points": str(l.points)} for l in s.lines]}
            for s in ranking
        ],
    }


def assessment_xlsx(year, now=None):
    scheme, ranking = assess(year, now)
    book = Workbook()
    summary = book.active
    summary.title = _("Ranking")
    summary.append([_("Rank"), _("Unit"), _("Targets"), _("Score")])
    for s in ranking:
        summary.append([s.rank, s.unit.name, s.targets, float(s.score)])
    detail = book.create_sheet(_("Points"))
    detail.append([_("Unit"), _("Number"), _("Item"), _("Rule"), _("Points")])
    for s in ranking:
        for line in s.lines:
            detail.append([s.unit.name, line.number, line.title, str(line.rule), float(line.points)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
