"""Keep the index current: every action on a matter publishes a change (engine.changes), delivered
as engine.signals.matter_changed after its commit; watching and the co-unit list change through the
many-to-many fields (watching is no action), so those changes are published too."""

from django.db.models.signals import m2m_changed

from zhengban.engine import changes
from zhengban.engine.models import Matter
from zhengban.engine.signals import matter_changed

from .index import index_matter


def on_matter_changed(sender, matter_id, **kwargs):
    # A failure propagates: the worker keeps the change and retries it (engine.changes); delivered
    # inline, it is logged and the action's success stands.
    index_matter(matter_id)


def on_membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    changes.publish_ids([instance.pk] if not reverse else sorted(pk_set or ()), f"{sender._meta.model_name}-changed")


def connect():
    matter_changed.connect(on_matter_changed, dispatch_uid="search.index_on_matter_changed")
    for through in (Matter.watchers.through, Matter.co_units.through):
        m2m_changed.connect(on_membership_changed, sender=through, dispatch_uid=f"search.index_on_{through.__name__}")
