"""XLSX export of the petitions a reader may see; accusers' identity stays protected."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zhengban.engine.views.common import state_label

from .flows import TYPE
from .identity import handled_by, identity_visible, names

MAX_ROWS = 100_000


def petitions_xlsx(person, petitions):
    petitions = list(petitions.prefetch_related("petitioners")[:MAX_ROWS])
    handled = handled_by(person, [p.pk for p in petitions if p.protected])
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Petitions"))
    sheet.append([_("Number"), _("Received"), _("Channel"), _("Category"), _("Place"), _("Petitioner"), _("Phone"),
                  _("Title"), _("State"), _("Responsible unit"), _("Receiving body"), _("Due"), _("Repeat"),
                  _("Outcome"), _("Rating")])
    for petition in petitions:
        matter = petition.matter
        visible = identity_visible(person, petition, handled)
        phones = "、".join(p.phone for p in petition.petitioners.all()) if visible else names(petition, False)
        sheet.append([
            matter.number,
            timezone.localtime(matter.opened_at).strftime("%Y-%m-%d %H:%M"),
            petition.get_channel_display(), petition.get_category_display(), petition.get_place_display(),
            names(petition, visible), phones, matter.title, state_label(TYPE, matter.state),
            matter.lead_unit.name if matter.lead_unit_id else "",
            petition.receiving_body.name if petition.receiving_body_id else "",
            timezone.localtime(matter.due_at).strftime("%Y-%m-%d") if matter.due_at and not matter.closed_at else "",
            _("yes") if petition.is_repeat else "",
            petition.get_outcome_display(), petition.get_rating_display(),
        ])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
