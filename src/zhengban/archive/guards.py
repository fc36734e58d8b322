"""Once archived, a matter stays as it was filed.

do_archive marks the matter's data with its 档号 (by a queryset update, under the matter's row
lock). The engine loads a matter afresh under that lock before any change and saves it through
Model.save, so checking the mark on the instance refuses every later change without a query on
the hot path. Appending an audit event (reading a classified matter) moves the chain head with a
queryset update and is not affected.
"""

from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from zhengban.core.errors import Conflict
from zhengban.engine.models import Matter

ARCHIVED_MARK = "archived"


def refuse_change_of_archived_matter(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding:
        return
    if (instance.data or {}).get(ARCHIVED_MARK):
        raise Conflict(_("This matter is archived and can no longer be changed."), code="archived")


def connect():
    pre_save.connect(refuse_change_of_archived_matter, sender=Matter, dispatch_uid="archive-immutable-matter")
